import subprocess
def git(root, *args, date=None):
    env = {"GIT_AUTHOR_DATE": date or "2024-12-20T10:00:00+07:00", "GIT_COMMITTER_DATE": date or "2024-12-20T10:00:00+07:00",
           "GIT_AUTHOR_NAME": "Văn thư", "GIT_AUTHOR_EMAIL": "vt@example.invalid", "GIT_COMMITTER_NAME": "Văn thư",
           "GIT_COMMITTER_EMAIL": "vt@example.invalid", "PATH": "/usr/bin:/bin", "HOME": str(root)}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)
def make(root):
    late = root / "submissions/cchc-2024/xa-long-an/nguyen-van-an.yaml"
    text = late.read_text(encoding="utf-8")
    late.unlink()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    late.write_text(text, encoding="utf-8")
    git(root, "checkout", "-q", "-b", "pr")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Nộp hồ sơ")
