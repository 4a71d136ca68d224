"""The site: pages, charts, exports (JSON, CSV, iCalendar), the output folder."""
