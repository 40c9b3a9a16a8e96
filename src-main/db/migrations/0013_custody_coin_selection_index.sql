DROP INDEX `wallet_utxos_wallet`;--> statement-breakpoint
CREATE INDEX `wallet_utxos_selection` ON `wallet_utxos` (`wallet_id`,`status`,CAST("amount" AS INTEGER) DESC,`txid`,`vout`);