# The back office and the CLI in one image (for docker-compose.yml; ./run.sh does not use Docker).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/VictimSurvey.Web/VictimSurvey.Web.csproj -c Release -o /app/web \
 && dotnet publish src/VictimSurvey.Cli/VictimSurvey.Cli.csproj -c Release -o /app/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app/web
COPY --from=build /app /app
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/web/VictimSurvey.Web.dll"]
