# BackCare triage API. Build: docker build -t backcare-api:1.0.0 .   Run: docker run -p 8080:8080 backcare-api:1.0.0

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore on its own layer: it only reruns when a project file or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props BackCare.sln ./
COPY src/BackCare.Api/BackCare.Api.csproj src/BackCare.Api/
COPY rules/BackCare.Rules.csproj rules/
RUN dotnet restore src/BackCare.Api/BackCare.Api.csproj -r linux-x64

COPY src/ src/
COPY rules/ rules/
# openapi/v1.json is generated and committed by the developer build; the image does not need it. For linux-x64 the app is
# compiled ahead of time (ReadyToRun, set in the project): it starts sooner and holds less memory. The end-to-end tests
# (tests/BackCare.Api.EndToEndTests) publish the same build without a platform (the same code, compiled when it runs), as
# benchmarks/common.sh does this one.
RUN dotnet publish src/BackCare.Api -c Release -r linux-x64 --self-contained false -o /app --no-restore -p:OpenApiGenerateDocuments=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "BackCare.Api.dll"]
