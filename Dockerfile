# syntax=docker/dockerfile:1
# DynamicMail in a container: build with the SDK, run on the ASP.NET runtime image as a non-root user.
#   docker build -t dynamicmail .
#   docker run -d -p 25:2525 -p 127.0.0.1:5080:8080 -v dynamicmail-data:/var/lib/dynamicmail dynamicmail
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY DynamicMail.Smtp/DynamicMail.Smtp.csproj DynamicMail.Smtp/
COPY DynamicMail.Web/DynamicMail.Web.csproj DynamicMail.Web/
RUN dotnet restore DynamicMail.Web/DynamicMail.Web.csproj
COPY DynamicMail.Smtp/ DynamicMail.Smtp/
COPY DynamicMail.Web/ DynamicMail.Web/
RUN dotnet publish DynamicMail.Web/DynamicMail.Web.csproj -c Release --no-restore -p:PublishReadyToRun=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's unprivileged "app" user owns only the data volume.
RUN mkdir -p /var/lib/dynamicmail && chown "$APP_UID" /var/lib/dynamicmail && chmod 700 /var/lib/dynamicmail
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    DynamicMail__DataDirectory=/var/lib/dynamicmail \
    DynamicMail__Smtp__Port=2525 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME /var/lib/dynamicmail
EXPOSE 2525 8080
USER $APP_UID
# Ready = the store writes, the MX listener is bound and the disk has room (no curl in the image: bash's /dev/tcp).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "DynamicMail.Web.dll"]
