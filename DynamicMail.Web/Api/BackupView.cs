using DynamicMail.Smtp.Queue;

namespace DynamicMail.Web.Api;

/// <summary>What the backup wrote and how long the store's writer paused for it.</summary>
public sealed record BackupView(string Folder, long Bytes, int SpoolFiles, double PauseMilliseconds, DateTime At)
{
    internal static BackupView From(BackupReport r) => new(r.Folder, r.Bytes, r.SpoolFiles, r.Pause.TotalMilliseconds, r.At);
}
