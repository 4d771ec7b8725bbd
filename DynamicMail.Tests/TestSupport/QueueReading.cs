using DynamicMail.Smtp.Queue;

namespace DynamicMail.Tests.TestSupport;

public static class QueueReading
{
    public static byte[] ReadContent(this IMailQueue queue, QueuedMessage message)
    {
        using var stream = queue.OpenContent(message);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static string QueueId(string reply) => reply.Split(' ').Last();
}
