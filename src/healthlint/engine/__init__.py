"""Rules, their selection and configuration, and the runner that turns them into findings."""
