"""Building real panel repositories with GitPython, every commit at a fixed date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import git

FIXTURES = Path(__file__).parent / "fixtures"
NOW = "2026-11-22T10:00"

Who = tuple[str, str]
WORKER: Who = ("Priya Shah", "priya.shah@council.example")
TM: Who = ("Tom Reyes", "tom.reyes@council.example")
TM2: Who = ("Hannah Cole", "hannah.cole@council.example")
SM: Who = ("Lena Novak", "lena.novak@council.example")
FINANCE: Who = ("Ruth Bell", "ruth.bell@council.example")
FORGE: Who = ("GitLab", "gitlab@council.example")
CHAIR: Who = ("Dana Whitfield", "dana.whitfield@council.example")


def at(text: str) -> str:
    """A fixed git date from 'YYYY-MM-DD HH:MM' (UTC in winter = London)."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).isoformat()


def referral_text(referral_id: str = "R-0001", **replace: str) -> str:
    """The example referral with another id and any text replaced."""
    text = (FIXTURES / "referral.md").read_text(encoding="utf-8").replace("R-0001", referral_id)
    for old, new in replace.items():
        assert old in text, f"test setup: {old!r} not in the referral"
        text = text.replace(old, new)
    return text


class PanelGit:
    """A panel repository with helpers to commit, branch, merge and approve at fixed dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = git.Repo.init(root, initial_branch="main")

    def _env(self, author: Who, committer: Who, when: str) -> dict[str, str]:
        return {
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_COMMITTER_NAME": committer[0],
            "GIT_COMMITTER_EMAIL": committer[1],
            "GIT_AUTHOR_DATE": at(when),
            "GIT_COMMITTER_DATE": at(when),
        }

    def write(self, files: dict[str, str | None]) -> None:
        """Write (or with None delete) files and stage them."""
        for name, content in files.items():
            path = self.root / name
            if content is None:
                self.repo.git.rm("-q", name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            self.repo.git.add(name)

    def commit(
        self,
        files: dict[str, str | None],
        message: str,
        when: str,
        author: Who = WORKER,
        committer: Who | None = None,
        sign: Path | None = None,
    ) -> str:
        """Commit `files` on the current branch; `sign` is an SSH private key to sign with."""
        self.write(files)
        args = ["--allow-empty", "-q", "-m", message]
        if sign is not None:
            args = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={sign}", "commit", "-S", *args]
        else:
            args = ["commit", *args]
        with self.repo.git.custom_environment(**self._env(author, committer or author, when)):
            self.repo.git.execute(["git", *args])
        return self.repo.head.commit.hexsha

    def branch(self, name: str, start: str = "main") -> None:
        """Create and switch to a branch."""
        self.repo.git.checkout("-q", "-b", name, start)

    def checkout(self, name: str) -> None:
        """Switch branch."""
        self.repo.git.checkout("-q", name)

    def merge(
        self,
        branch: str,
        when: str,
        approvers: list[Who] = (),  # type: ignore[assignment]
        *,
        committer: Who = FORGE,
        trailers: list[str] = (),  # type: ignore[assignment]
        sign: Path | None = None,
    ) -> str:
        """Merge `branch` into main with --no-ff, the way a forge does, with Approved-by trailers."""
        self.checkout("main")
        lines = [f"Approved-by: {name} <{email}>" for name, email in approvers] + list(trailers)
        message = f"Merge branch '{branch}' into 'main'\n\nSee merge request !1\n\n" + "\n".join(lines)
        args = ["merge", "--no-ff", "-q", "-m", message, branch]
        if sign is not None:
            args = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={sign}", *args, "-S"]
        with self.repo.git.custom_environment(**self._env(committer, committer, when)):
            self.repo.git.execute(["git", *args])
        return self.repo.head.commit.hexsha

    def submit(self, referral_id: str, when: str, text: str | None = None, author: Who = WORKER) -> str:
        """A worker's branch adding submissions/<id>.md; returns the branch name."""
        name = f"referral/{referral_id}-{when[:10]}-{when[11:13]}"
        self.branch(name)
        self.commit(
            {f"submissions/{referral_id}.md": text or referral_text(referral_id)}, f"Add {referral_id}", when, author
        )
        self.checkout("main")
        return name

    def record_decisions(self, files: dict[str, str | None], when: str, approvers: list[Who] | None = None) -> str:
        """Meeting records and decisions committed on a branch and merged with the chair's approval (final)."""
        name = f"records/{when[:10]}-{when[11:13]}"
        self.branch(name)
        self.commit(files, "Meeting records and decisions", when, FORGE)
        return self.merge(name, when, [CHAIR] if approvers is None else approvers)

    def approve_on_main(self, referral_id: str, who: Who, when: str, sign: Path | None = None) -> str:
        """An approval commit made on main itself, as `panel approve` writes it."""
        message = f"Approve {referral_id}\n\nReferral: {referral_id}\nApproved-by: {who[0]} <{who[1]}>"
        self.checkout("main")
        return self.commit({}, message, when, author=who, sign=sign)
