"""Python rules, one small module per rule (or per closely related pair)."""
