namespace DynamicMail.Smtp.Queue;

/// <summary>The outcome of an operator's action on a message, in words for the console and the API.</summary>
public sealed record QueueActionResult(bool Done, string Message)
{
    public static QueueActionResult Ok(string message) => new(true, message);
    public static QueueActionResult Refused(string message) => new(false, message);
}
