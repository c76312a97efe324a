"""Grammar engines (Harper, LanguageTool) and the vocabulary that keeps medical words from being typos."""
