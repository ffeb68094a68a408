"""`PanelGit`: a real panel repository with helpers to commit, branch, merge and approve at fixed dates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from git import Repo

from panelfixtures.gitrun import approved_by, at, git
from panelfixtures.people import CHAIR, FORGE, WORKER, Who
from panelfixtures.referrals import referral_text


class PanelGit:
    """A panel repository on main; every commit through `git()` at a 'YYYY-MM-DD HH:MM' moment (UTC).

    `repo` is a GitPython view of it, for reading (head commit, parents); changes go through `git`.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        git(root, "init", "-q", "-b", "main")
        self.repo = Repo(root)

    def git(self, *args: str, who: Who = WORKER, committer: Who | None = None, when: str = "2026-11-16 09:00") -> str:
        """Run git here as `who` (committed by `committer`) at `when`; return its output."""
        return git(self.root, *args, who=who, committer=committer, date=at(when))

    def write(self, files: Mapping[str, str | None]) -> None:
        """Write (or with None delete) files and stage them."""
        for name, content in files.items():
            path = self.root / name
            if content is None:
                self.git("rm", "-q", name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            self.git("add", name)

    def commit(
        self,
        files: Mapping[str, str | None],
        message: str,
        when: str,
        author: Who = WORKER,
        committer: Who | None = None,
        sign: Path | None = None,
    ) -> str:
        """Commit `files` on the current branch; `sign` is an SSH private key to sign with."""
        self.write(files)
        args = ["commit", "--allow-empty", "-q", "-m", message]
        if sign is not None:
            args = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={sign}", *args, "-S"]
        self.git(*args, who=author, committer=committer, when=when)
        return self.repo.head.commit.hexsha

    def branch(self, name: str, start: str = "main") -> None:
        """Create and switch to a branch."""
        self.git("checkout", "-q", "-b", name, start)

    def checkout(self, name: str) -> None:
        """Switch branch."""
        self.git("checkout", "-q", name)

    def merge(
        self,
        branch: str,
        when: str,
        approvers: Sequence[Who] = (),
        *,
        committer: Who = FORGE,
        trailers: Sequence[str] = (),
        sign: Path | None = None,
    ) -> str:
        """Merge `branch` into main with --no-ff, the way a forge does, with Approved-by trailers."""
        self.checkout("main")
        lines = "\n".join([*(approved_by(who) for who in approvers), *trailers])
        message = f"Merge branch '{branch}' into 'main'\n\nSee merge request !1\n\n{lines}"
        args = ["merge", "--no-ff", "-q", "-m", message, branch]
        if sign is not None:
            args = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={sign}", *args, "-S"]
        self.git(*args, who=committer, when=when)
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

    def record_decisions(self, files: Mapping[str, str | None], when: str, approvers: list[Who] | None = None) -> str:
        """Meeting records and decisions committed on a branch and merged with the chair's approval (final)."""
        name = f"records/{when[:10]}-{when[11:13]}"
        self.branch(name)
        self.commit(files, "Meeting records and decisions", when, FORGE)
        return self.merge(name, when, [CHAIR] if approvers is None else approvers)

    def approve_on_main(self, referral_id: str, who: Who, when: str, sign: Path | None = None) -> str:
        """An approval commit made on main itself, as `panel approve` writes it."""
        message = f"Approve {referral_id}\n\nReferral: {referral_id}\n{approved_by(who)}"
        self.checkout("main")
        return self.commit({}, message, when, author=who, sign=sign)
