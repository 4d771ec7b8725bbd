namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// Consecutive error replies in one session; a success resets it. "452 4.5.3 Too many recipients" is not an
/// error of the sender's (RFC 5321 §4.5.3.1.10: the client goes on with the recipients accepted), so it does not count.
/// </summary>
internal sealed class ErrorCount(int max)
{
    private int _count;

    /// <summary>Counts one final reply; true when the limit is reached and the session must end.</summary>
    public bool Count(string reply)
    {
        if (reply.StartsWith("452 4.5.3", StringComparison.Ordinal))
        {
            return false;
        }
        _count = reply.Length > 0 && reply[0] is '4' or '5' ? _count + 1 : 0;
        return _count >= max;
    }
}
