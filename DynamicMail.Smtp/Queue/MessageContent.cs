using System.Buffers;

namespace DynamicMail.Smtp.Queue;

/// <summary>
/// The bytes of a new message: the trace header ingest puts first, then the bytes as received. The received part
/// is the SMTP session's own buffer, not a copy: it is valid only while <see cref="IMailQueue.EnqueueAsync"/> runs,
/// so a store copies what it keeps (an inline body) or writes it out (a spooled one) and never holds on to it.
/// </summary>
public sealed class MessageContent(byte[] prefix, ReadOnlySequence<byte> received)
{
    public int Length { get; } = checked(prefix.Length + (int)received.Length);

    /// <summary>How many bytes at the start are the trace header ingest wrote (all of them for <see cref="FromBytes"/>).</summary>
    public int TraceLength => prefix.Length;

    /// <summary>Content already in one array (tests, tools): nothing borrowed from a session.</summary>
    public static MessageContent FromBytes(byte[] bytes) => new(bytes, ReadOnlySequence<byte>.Empty);

    public static implicit operator MessageContent(byte[] bytes) => FromBytes(bytes);

    /// <summary>One array of the whole message (for a body small enough to live inline in the store).</summary>
    public byte[] ToArray()
    {
        var bytes = GC.AllocateUninitializedArray<byte>(Length);
        prefix.CopyTo(bytes, 0);
        received.CopyTo(bytes.AsSpan(prefix.Length));
        return bytes;
    }

    /// <summary>Writes the message to <paramref name="stream"/> segment by segment, without a whole-message copy.</summary>
    public void WriteTo(Stream stream)
    {
        stream.Write(prefix);
        foreach (var segment in received)
        {
            stream.Write(segment.Span);
        }
    }
}
