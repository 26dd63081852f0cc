"""Who may see what: the one access layer every module stands on.

- `roles.py`: the roles and the named sets of roles that may do something
- `grants.py`: what a user may see of one resident; modules register grant providers
- `scoping.py`: person-level querysets scoped to the user (`visible_to`)
- `log.py`: the append-only access log
- `lookup.py`: one resident (or one of their records) for a request, refusals logged
- `pages.py`: the page gate and logging mixins; `api.py`: the API permission and mixin

Views declare `required_roles`, `log_object_type` and `data_category`; they never
check roles or write log entries themselves. docs/architecture.md explains the rules.
"""
