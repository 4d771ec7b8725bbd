namespace DynamicMail.Smtp.Storage.Postgres;

/// <summary>How nodes see each other alive: a heartbeat every few seconds, dead after 15 s without one.</summary>
internal static class PostgresNodes
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(15);
}
