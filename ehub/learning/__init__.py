"""Small linear text models, trained by `ehub train` on the dev split and shipped as JSON."""
