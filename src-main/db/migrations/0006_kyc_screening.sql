CREATE TABLE `kyc_addresses` (
	`customer_id` text NOT NULL,
	`chain` text NOT NULL,
	`address` text NOT NULL,
	`normalised` text NOT NULL,
	`label` text,
	`added_at` text NOT NULL,
	PRIMARY KEY(`customer_id`, `chain`, `normalised`),
	FOREIGN KEY (`customer_id`) REFERENCES `kyc_customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kyc_addresses_normalised` ON `kyc_addresses` (`chain`,`normalised`);--> statement-breakpoint
CREATE TABLE `kyc_beneficial_owners` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`legal_name` text NOT NULL,
	`date_of_birth` text NOT NULL,
	`nationality` text NOT NULL,
	`residence` text NOT NULL,
	`ownership_percent` real NOT NULL,
	`control` integer NOT NULL,
	`added_at` text NOT NULL,
	`removed_at` text,
	FOREIGN KEY (`customer_id`) REFERENCES `kyc_customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kyc_beneficial_owners_customer` ON `kyc_beneficial_owners` (`customer_id`,`removed_at`);--> statement-breakpoint
CREATE TABLE `kyc_consents` (
	`id` integer PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	`granted` integer NOT NULL,
	`given_at` text NOT NULL,
	`text_version` text NOT NULL,
	`source` text NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `kyc_customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kyc_consents_customer` ON `kyc_consents` (`customer_id`,`id`);--> statement-breakpoint
CREATE TABLE `kyc_customers` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`legal_name` text NOT NULL,
	`date_of_birth` text,
	`nationality` text,
	`residence` text,
	`id_document_type` text,
	`id_document_number` text,
	`id_document_country` text,
	`id_document_expires_on` text,
	`registration_number` text,
	`jurisdiction` text,
	`incorporated_on` text,
	`address_line` text NOT NULL,
	`address_city` text NOT NULL,
	`address_postal_code` text,
	`address_country` text NOT NULL,
	`expected_products` text NOT NULL,
	`expected_monthly_volume_usd` integer NOT NULL,
	`source_of_funds` text NOT NULL,
	`pep_declared` integer NOT NULL,
	`edd_source_of_funds` text,
	`edd_source_of_wealth` text,
	`profile_digest` text NOT NULL,
	`profile_version` integer NOT NULL,
	`risk_score` real,
	`risk_level` text,
	`cdd_level` text,
	`next_review_at` text,
	`review_reason` text,
	`approved_at` text,
	`approved_by` text,
	`source` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `kyc_customers_status` ON `kyc_customers` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `kyc_customers_risk` ON `kyc_customers` (`risk_level`,`id`);--> statement-breakpoint
CREATE INDEX `kyc_customers_review` ON `kyc_customers` (`next_review_at`);--> statement-breakpoint
CREATE INDEX `kyc_customers_name` ON `kyc_customers` (`legal_name`);--> statement-breakpoint
CREATE TABLE `kyc_documents` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`record_id` text NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`description` text,
	`source` text NOT NULL,
	`added_at` text NOT NULL,
	`added_by` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `kyc_customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kyc_documents_customer` ON `kyc_documents` (`customer_id`,`added_at`);--> statement-breakpoint
CREATE TABLE `kyc_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`kind` text NOT NULL,
	`status_before` text,
	`status_after` text,
	`detail` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `kyc_customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kyc_events_customer` ON `kyc_events` (`customer_id`,`id`);--> statement-breakpoint
CREATE TABLE `risk_assessments` (
	`id` integer PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`config_version` integer NOT NULL,
	`score` real NOT NULL,
	`level` text NOT NULL,
	`factors` text NOT NULL,
	`forced_by` text,
	`cdd_level` text NOT NULL,
	`edd_reasons` text NOT NULL,
	`review_months` integer NOT NULL,
	`next_review_at` text NOT NULL,
	`trigger` text NOT NULL,
	`assessed_at` text NOT NULL,
	`assessed_by` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `kyc_customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`config_version`) REFERENCES `risk_config_versions`(`version`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `risk_assessments_customer` ON `risk_assessments` (`customer_id`,`id`);--> statement-breakpoint
CREATE TABLE `risk_config_versions` (
	`version` integer PRIMARY KEY NOT NULL,
	`document` text NOT NULL,
	`sha256` text NOT NULL,
	`registered_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `screening_entries` (
	`id` integer PRIMARY KEY NOT NULL,
	`list_id` text NOT NULL,
	`entry_id` text NOT NULL,
	`digest` text NOT NULL,
	`kind` text NOT NULL,
	`primary_name` text NOT NULL,
	`data` text NOT NULL,
	`from_version` integer NOT NULL,
	`to_version` integer,
	FOREIGN KEY (`list_id`) REFERENCES `screening_lists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_version`) REFERENCES `screening_list_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_version`) REFERENCES `screening_list_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `screening_entries_current` ON `screening_entries` (`list_id`,`to_version`,`entry_id`);--> statement-breakpoint
CREATE INDEX `screening_entries_entry` ON `screening_entries` (`list_id`,`entry_id`,`id`);--> statement-breakpoint
CREATE TABLE `screening_hits` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`subject_name` text NOT NULL,
	`subject_digest` text NOT NULL,
	`list_id` text NOT NULL,
	`entry_id` text NOT NULL,
	`entry_row` integer NOT NULL,
	`entry_digest` text NOT NULL,
	`list_version_id` integer NOT NULL,
	`score` real NOT NULL,
	`matched_name` text NOT NULL,
	`explanation` text NOT NULL,
	`status` text NOT NULL,
	`raised_at` text NOT NULL,
	`raised_by` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text,
	`resolution_reason` text,
	`resolved_entry_digest` text,
	`resolved_subject_digest` text,
	`delisted_at` text,
	FOREIGN KEY (`entry_row`) REFERENCES `screening_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`list_version_id`) REFERENCES `screening_list_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `screening_hits_customer` ON `screening_hits` (`customer_id`,`status`);--> statement-breakpoint
CREATE INDEX `screening_hits_subject` ON `screening_hits` (`subject_type`,`subject_id`,`list_id`,`entry_id`);--> statement-breakpoint
CREATE INDEX `screening_hits_list` ON `screening_hits` (`list_id`,`entry_id`);--> statement-breakpoint
CREATE INDEX `screening_hits_status` ON `screening_hits` (`status`,`raised_at`);--> statement-breakpoint
CREATE TABLE `screening_list_versions` (
	`id` integer PRIMARY KEY NOT NULL,
	`list_id` text NOT NULL,
	`version` text NOT NULL,
	`published_at` text NOT NULL,
	`format` text NOT NULL,
	`source` text NOT NULL,
	`digest` text NOT NULL,
	`entry_count` integer NOT NULL,
	`added` integer NOT NULL,
	`changed` integer NOT NULL,
	`removed` integer NOT NULL,
	`active` integer NOT NULL,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL,
	`via` text NOT NULL,
	FOREIGN KEY (`list_id`) REFERENCES `screening_lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `screening_list_versions_version` ON `screening_list_versions` (`list_id`,`version`);--> statement-breakpoint
CREATE INDEX `screening_list_versions_list` ON `screening_list_versions` (`list_id`,`id`);--> statement-breakpoint
CREATE TABLE `screening_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`threshold` real NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
-- Hand-written (not generated): the KYC history, risk assessments and list versions are kept as written.
CREATE TRIGGER `kyc_events_no_update` BEFORE UPDATE ON `kyc_events` BEGIN SELECT RAISE(ABORT, 'the KYC history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `kyc_events_no_delete` BEFORE DELETE ON `kyc_events` BEGIN SELECT RAISE(ABORT, 'the KYC history is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `risk_assessments_no_update` BEFORE UPDATE ON `risk_assessments` BEGIN SELECT RAISE(ABORT, 'risk assessments are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `risk_assessments_no_delete` BEFORE DELETE ON `risk_assessments` BEGIN SELECT RAISE(ABORT, 'risk assessments are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `risk_config_versions_no_update` BEFORE UPDATE ON `risk_config_versions` BEGIN SELECT RAISE(ABORT, 'risk configuration versions are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `kyc_consents_no_change` BEFORE UPDATE ON `kyc_consents` BEGIN SELECT RAISE(ABORT, 'consent records are immutable; record a new one'); END;
--> statement-breakpoint
CREATE TRIGGER `kyc_consents_no_delete` BEFORE DELETE ON `kyc_consents` BEGIN SELECT RAISE(ABORT, 'consent records are immutable; record a new one'); END;
--> statement-breakpoint
CREATE TRIGGER `screening_list_versions_no_delete` BEFORE DELETE ON `screening_list_versions` BEGIN SELECT RAISE(ABORT, 'list versions are kept'); END;
--> statement-breakpoint
CREATE TRIGGER `screening_list_versions_content` BEFORE UPDATE ON `screening_list_versions`
  WHEN NEW.`list_id` IS NOT OLD.`list_id` OR NEW.`version` IS NOT OLD.`version` OR NEW.`digest` IS NOT OLD.`digest` OR NEW.`published_at` IS NOT OLD.`published_at` OR NEW.`entry_count` IS NOT OLD.`entry_count` OR (OLD.`active` = 0 AND NEW.`active` = 1)
  BEGIN SELECT RAISE(ABORT, 'a list version is immutable; only its active flag is cleared when a newer one arrives'); END;
--> statement-breakpoint
-- One active version per list.
CREATE UNIQUE INDEX `screening_list_versions_one_active` ON `screening_list_versions` (`list_id`) WHERE `active` = 1;
--> statement-breakpoint
CREATE TRIGGER `screening_entries_no_delete` BEFORE DELETE ON `screening_entries` BEGIN SELECT RAISE(ABORT, 'list entries are kept: hits refer to them'); END;
--> statement-breakpoint
CREATE TRIGGER `screening_entries_close_once` BEFORE UPDATE ON `screening_entries`
  WHEN OLD.`to_version` IS NOT NULL OR NEW.`id` IS NOT OLD.`id` OR NEW.`list_id` IS NOT OLD.`list_id` OR NEW.`entry_id` IS NOT OLD.`entry_id` OR NEW.`digest` IS NOT OLD.`digest` OR NEW.`data` IS NOT OLD.`data` OR NEW.`from_version` IS NOT OLD.`from_version`
  BEGIN SELECT RAISE(ABORT, 'a list entry only ever gets closed by a later version'); END;
--> statement-breakpoint
CREATE TRIGGER `screening_hits_no_delete` BEFORE DELETE ON `screening_hits` BEGIN SELECT RAISE(ABORT, 'screening hits are kept'); END;
--> statement-breakpoint
CREATE TRIGGER `screening_hits_resolved_once` BEFORE UPDATE ON `screening_hits`
  WHEN OLD.`status` <> 'open' AND (NEW.`status` IS NOT OLD.`status` OR NEW.`resolved_at` IS NOT OLD.`resolved_at` OR NEW.`resolved_by` IS NOT OLD.`resolved_by` OR NEW.`resolution_reason` IS NOT OLD.`resolution_reason`
    OR NEW.`resolved_entry_digest` IS NOT OLD.`resolved_entry_digest` OR NEW.`resolved_subject_digest` IS NOT OLD.`resolved_subject_digest` OR NEW.`score` IS NOT OLD.`score` OR NEW.`entry_row` IS NOT OLD.`entry_row` OR NEW.`explanation` IS NOT OLD.`explanation`)
  BEGIN SELECT RAISE(ABORT, 'a resolved hit is never changed; a new hit is raised instead'); END;
