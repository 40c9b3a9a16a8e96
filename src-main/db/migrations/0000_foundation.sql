CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`operator_id` text,
	`operator_username` text,
	`command` text NOT NULL,
	`input_digest` text NOT NULL,
	`outcome` text NOT NULL,
	`error_code` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_command` ON `audit_log` (`command`);--> statement-breakpoint
CREATE INDEX `audit_log_operator` ON `audit_log` (`operator_username`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `operators` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`roles` text NOT NULL,
	`senior` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`passphrase_hash` text NOT NULL,
	`token_label` text NOT NULL,
	`token_key_id` text NOT NULL,
	`public_key_spki` text NOT NULL,
	`key_fingerprint` text NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_out` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`last_login_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operators_username_unique` ON `operators` (`username`);--> statement-breakpoint
CREATE INDEX `operators_token_label` ON `operators` (`token_label`);--> statement-breakpoint
-- Hand-written (not generated): the audit trail is append-only.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
