"""The foundation every other part of the project builds on: settings, errors, the offline runtime
set-up, the identifier formats and the types passed between layers. It imports nothing else of the project."""
