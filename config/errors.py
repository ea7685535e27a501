"""The one error a bad config file raises: it names the file, the key and what is wrong."""

from __future__ import annotations


class ConfigError(Exception):
    def __init__(self, source: str, key: str, problem_en: str, problem_zh: str = "") -> None:
        self.source, self.key = source, key
        self.problem_en, self.problem_zh = problem_en, problem_zh or problem_en
        super().__init__(f"{source}: {key}: {problem_en}")

    @property
    def zh(self) -> str:
        return f"配置错误 {self.source}: {self.key}: {self.problem_zh}"
