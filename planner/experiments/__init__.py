"""Experiments: plan arms that differ in one factor, rotate them fairly, and judge them under every guard."""
