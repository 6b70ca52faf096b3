-- Fresh installs of 1.1+ get the column directly (upgrades get it from once/3100_add_contact_column).
ALTER TABLE notes ADD COLUMN contact text NOT NULL DEFAULT :'admin_email';
