"""Helpers the tests share: files of a small corpus, a live server, fakes of what lives outside this machine."""
