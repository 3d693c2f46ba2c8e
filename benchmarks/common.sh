# Shared by the load scripts (source it from the repository root): the tools they need, and BackCare published for them.

# needs TOOL...: installs wrk from Debian when it is missing (as root, or through sudo); fails naming any other missing tool.
needs() {
  if ! command -v wrk >/dev/null; then
    echo "Installing wrk..."
    local sudo="" && [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk >/dev/null
  fi
  for tool in "$@"; do command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }; done
}

# publish_api DIR: the Release build of BackCare, published as the Dockerfile publishes it (linux-x64, ReadyToRun).
publish_api() {
  echo "Publishing (Release, linux-x64, ReadyToRun)..."
  dotnet publish src/BackCare.Api -c Release -r linux-x64 --self-contained false -o "$1" -p:OpenApiGenerateDocuments=false --nologo -v quiet >/dev/null
}
