namespace DynamicMail.Smtp.Telemetry;

/// <summary>What the operator dashboard shows of the past, kept in the store so it survives a restart.</summary>
public interface IActivityHistory
{
    /// <summary>When each domain's customer was last online: the later of its last connect and disconnect (page or ODMR).</summary>
    Task<IReadOnlyDictionary<string, DateTime>> LastConnectedAsync(CancellationToken cancellationToken = default);

    /// <summary>Messages accepted and recipients delivered per minute since <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<ActivityMinute>> MinutesAsync(DateTime since, CancellationToken cancellationToken = default);
}

/// <summary>One minute of the dashboard's chart (UTC, at the start of the minute).</summary>
public sealed record ActivityMinute(DateTime Minute, int Accepted, int Delivered);
