namespace DynamicMail.Web.Api;

/// <summary>Where to write the backup: an absolute folder on the server, new or empty, writable by the service.</summary>
public sealed record BackupRequest(string? Folder);
