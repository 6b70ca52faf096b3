# bash completion for upgrade-hook(8): commands, options, and product names from the descriptor directories.
# Installed as /usr/share/bash-completion/completions/upgrade-hook. test/docs/completion.test.ts checks the
# option lists below against the CLI's own tables.

_upgrade_hook_products() {
    local IFS=: dir f name
    local path=${UPGRADE_HOOK_CONFIG_PATH:-/usr/lib/upgrade-hook/products.d:/etc/upgrade-hook/products.d}
    for dir in $path; do
        [[ -n $dir ]] || continue
        for f in "$dir"/*.conf; do
            [[ -f $f ]] || continue
            name=${f##*/}
            printf '%s\n' "${name%.conf}"
        done
    done | sort -u
}

_upgrade_hook() {
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}

    local commands='run posttrans gate check status plan preflight rehearse matrix stamp state vercmp bridge resolve history lint backup rollback'
    local global_opts='-y --assumeyes -d --debug -q --quiet --log-file --version -h --help'
    local -A command_opts=(
        [run]='--force --build-version --skip-version-check --wait --only'
        [posttrans]='--build-version --skip-version-check'
        [gate]='--build-version --skip-version-check --wait'
        [check]='--build-version --skip-version-check'
        [status]='--json --build-version'
        [plan]='--build-version --force --json'
        [preflight]='--new-root --package --build-version --json'
        [rehearse]='--packages --json'
        [matrix]='--released --to --image --with --junit --json'
        [stamp]='--build-version --wait'
        [state]='--wait'
        [vercmp]='--scheme'
        [bridge]=''
        [resolve]='--reason --force --build-version --wait'
        [history]='--json'
        [lint]='--root --json'
        [backup]='--json --wait'
        [rollback]='--build-version --wait'
    )

    # The argument of an option.
    case $prev in
        --log-file)
            COMPREPLY=($(compgen -f -- "$cur"))
            return 0 ;;
        --scheme)
            COMPREPLY=($(compgen -W 'rpm semver' -- "$cur"))
            return 0 ;;
        --build-version|--wait|--reason)
            COMPREPLY=()
            return 0 ;;
        --root|--new-root|--package)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur"))
            return 0 ;;
    esac

    # The command, and the positional arguments after it (options may come anywhere).
    local command='' i word root=''
    local -a args=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
            --root) root=${COMP_WORDS[i+1]}; ((i++)) ;;
            --log-file|--scheme|--build-version|--wait|--reason|--new-root|--package) ((i++)) ;;
            -*) ;;
            *) if [[ -z $command ]]; then command=$word; else args+=("$word"); fi ;;
        esac
    done

    if [[ $cur == -* ]]; then
        local opts=$global_opts
        [[ -n $command ]] && opts+=" ${command_opts[$command]:-}"
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return 0
    fi
    if [[ -z $command ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        return 0
    fi

    local want=''
    case $command in
        run|posttrans|gate|check|status|plan|preflight|rehearse|stamp|resolve|history)
            ((${#args[@]} == 0)) && want=product ;;
        state)
            case ${#args[@]} in
                0) COMPREPLY=($(compgen -W 'get set unset' -- "$cur")); return 0 ;;
                1) want=product ;;
            esac ;;
        bridge)
            ((${#args[@]} == 0)) && COMPREPLY=($(compgen -W 'begin end' -- "$cur"))
            return 0 ;;
        lint)
            # the products the build root ships (--root DIR given before NAME)
            if ((${#args[@]} == 0)) && [[ -n $root ]]; then
                COMPREPLY=($(compgen -W "$(UPGRADE_HOOK_CONFIG_PATH=$root/usr/lib/upgrade-hook/products.d:$root/etc/upgrade-hook/products.d _upgrade_hook_products)" -- "$cur"))
            fi
            return 0 ;;
        backup)
            if ((${#args[@]} == 0)); then
                COMPREPLY=($(compgen -W "list $(_upgrade_hook_products)" -- "$cur"))
                return 0
            fi
            [[ ${args[0]} == list && ${#args[@]} == 1 ]] && want=product ;;
        rollback)
            ((${#args[@]} == 0)) && want=product ;;
    esac
    if [[ $want == product ]]; then
        # A NAME with a '/' is a path to a descriptor file.
        if [[ $cur == */* || $cur == .* ]]; then
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_upgrade_hook_products)" -- "$cur"))
        fi
        return 0
    fi
    COMPREPLY=()
    return 0
}

complete -F _upgrade_hook upgrade-hook
