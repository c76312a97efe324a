//! Starts `healthlint lsp` for Markdown, plain text and HTML in Zed.
//!
//! The `healthlint` command is found on the PATH of the worktree's shell, or set with
//! `lsp.healthlint.binary.path` in Zed's settings. The `lsp.healthlint.settings` object
//! is passed to the server as its `healthlint` settings.

use zed_extension_api::{self as zed, serde_json, settings::LspSettings};

struct HealthlintExtension;

impl zed::Extension for HealthlintExtension {
    fn new() -> Self {
        Self
    }

    fn language_server_command(
        &mut self,
        language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let binary = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.binary);
        let command = binary
            .as_ref()
            .and_then(|binary| binary.path.clone())
            .or_else(|| worktree.which("healthlint"))
            .ok_or_else(|| "healthlint is not on PATH: pip install healthlint, or set lsp.healthlint.binary.path".to_string())?;
        let args = binary
            .and_then(|binary| binary.arguments)
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        Ok(zed::Command { command, args, env: Default::default() })
    }

    fn language_server_workspace_configuration(
        &mut self,
        language_server_id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree(language_server_id.as_ref(), worktree)
            .ok()
            .and_then(|settings| settings.settings)
            .unwrap_or_default();
        Ok(Some(serde_json::json!({ "healthlint": settings })))
    }
}

zed::register_extension!(HealthlintExtension);
