"""The web widget: `GET /widget.js` embeds Jorge on any allowed site; `ehub demo` serves a page with it."""
