namespace DynamicMail.Smtp.Queue;

/// <summary>
/// What ingest hands to the queue: the envelope and the exact bytes to store (valid only while the enqueue runs, see
/// <see cref="MessageContent"/>); <c>Tls</c> says how it arrived (null: in clear); <c>Auth</c> is the
/// sender-authentication verdict (null: not checked).
/// </summary>
public sealed record NewMessage(
    string Domain,
    string Sender,
    IReadOnlyList<string> Recipients,
    MessageContent Content,
    HeaderSummary Headers,
    string? ClientAddress,
    string? Helo,
    string? Id = null,
    string? Tls = null,
    string? Auth = null);

/// <summary>The headers the console shows without opening the message.</summary>
public sealed record HeaderSummary(string? From, string? Subject, string? MessageId);
