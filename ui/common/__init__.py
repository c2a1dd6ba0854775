"""What every page shares: the shell (navigation guard, sidebar), i18n for widgets, the page
catalog, the visitor's identity (owner token), kept uploads (remember), the uploader's words and
small scripts injected into the page (page_script, select_text), and whether this visitor may
type a server folder's path (server_folders).

May import: core (any package); nothing else in ui/.
"""
