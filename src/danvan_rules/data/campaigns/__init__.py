"""Built-in "Dân vận khéo" campaign data files (one TOML file per campaign)."""
