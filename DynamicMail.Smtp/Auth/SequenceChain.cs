using System.Buffers;

namespace DynamicMail.Smtp.Auth;

/// <summary>Joins pieces of memory into one <see cref="ReadOnlySequence{T}"/> without copying them.</summary>
internal static class SequenceChain
{
    public static ReadOnlySequence<byte> Of(IReadOnlyList<ReadOnlyMemory<byte>> parts)
    {
        var pieces = parts.Where(p => p.Length > 0).ToList();
        if (pieces.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        var first = new Segment(pieces[0], 0);
        var last = first;
        foreach (var piece in pieces.Skip(1))
        {
            last = last.Append(piece);
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
