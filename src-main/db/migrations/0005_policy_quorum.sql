CREATE TABLE `policy_approvals` (
	`version` integer NOT NULL,
	`operator_id` text NOT NULL,
	`role` text NOT NULL,
	`payload` text NOT NULL,
	`signature` text NOT NULL,
	`approved_at` text NOT NULL,
	PRIMARY KEY(`version`, `operator_id`),
	FOREIGN KEY (`version`) REFERENCES `quorum_policies`(`version`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `quorum_policies` ADD `activation_signature` text;--> statement-breakpoint
-- Hand-written (not generated): policy approvals are never changed or removed.
CREATE TRIGGER `policy_approvals_no_update` BEFORE UPDATE ON `policy_approvals` BEGIN SELECT RAISE(ABORT, 'approvals are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `policy_approvals_no_delete` BEFORE DELETE ON `policy_approvals` BEGIN SELECT RAISE(ABORT, 'approvals are immutable'); END;
