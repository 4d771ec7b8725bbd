using System.Buffers;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// The door's decision about one message: refuse it (DMARC <c>p=reject</c>), or store it with <see cref="Stamp"/>
/// (Authentication-Results and the ARC set) on top and the forged Authentication-Results (<see cref="Cut"/>) taken out.
/// </summary>
public sealed record MessageAuthentication(AuthVerdict Verdict, string Summary, bool Reject, byte[] Stamp, IReadOnlyList<(long Start, long Length)> Cut)
{
    /// <summary>The message to store, without copying the received bytes.</summary>
    public ReadOnlySequence<byte> Apply(ReadOnlySequence<byte> received)
    {
        var parts = new List<ReadOnlyMemory<byte>> { Stamp };
        long position = 0;
        foreach (var (start, length) in Cut.OrderBy(c => c.Start))
        {
            AddAll(parts, received.Slice(position, start - position));
            position = start + length;
        }
        AddAll(parts, received.Slice(position));
        return SequenceChain.Of(parts);
    }

    private static void AddAll(List<ReadOnlyMemory<byte>> parts, ReadOnlySequence<byte> slice)
    {
        foreach (var memory in slice)
        {
            parts.Add(memory);
        }
    }
}
