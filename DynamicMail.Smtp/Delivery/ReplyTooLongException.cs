namespace DynamicMail.Smtp.Delivery;

/// <summary>A remote SMTP server sent a reply line or a reply longer than <see cref="BoundedReplyStream"/> allows.</summary>
internal sealed class ReplyTooLongException : IOException
{
    public ReplyTooLongException() { }
    public ReplyTooLongException(string message) : base(message) { }
    public ReplyTooLongException(string message, Exception inner) : base(message, inner) { }

    /// <summary>True when <paramref name="ex"/> or one of its inner exceptions is a reply that was too long.</summary>
    public static bool IsCause(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is ReplyTooLongException)
            {
                return true;
            }
        }
        return false;
    }
}
