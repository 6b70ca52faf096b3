// Hand-picked EVR orderings, asserted as a table and also checked against the real rpm.
export const EVR_ORDERING = [
    ['1.0', '1.0-1', -1], // agreed rule: only one side has a release -> that side is newer
    ['1.0-1', '1.0', 1],
    ['1:2.0', '1:2.0-0', -1],
    ['1.0', '1.0', 0],
    ['0:1.0', '1.0', 0], // missing epoch = 0
    ['00:1.0-1', '1.0-1', 0],
    ['1:1.0', '2.0', 1], // epoch first
    ['1:1.0', '0:99.0', 1],
    ['10:1', '9:1', 1], // epoch numerically, not as text
    ['4294967296:1', '4294967295:1', 1],
    ['1.0-2', '1.0-10', -1], // release with rpmvercmp
    ['1.0-1.el9', '1.0-1.el10', -1],
    ['2.0-1', '1.0-99', 1], // version before release
    ['1.0~rc1-1', '1.0-1', -1],
    ['1.0^git1-1', '1.0-1', 1],
    ['1.0-1~pre', '1.0-1', -1],
    ['1.01-1', '1.1-1', 0],
];
