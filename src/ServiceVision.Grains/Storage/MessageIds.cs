using System.Buffers.Binary;

namespace ServiceVision.Grains.Storage;

/// <summary>Message ids for the outbox: RFC 9562 version 7 UUIDs (time-ordered, 74 random bits).</summary>
/// <remarks>
/// <see cref="Guid.CreateVersion7(DateTimeOffset)"/> draws its random bits from the operating system,
/// one system call per id on Linux, on the hot path of every state write that publishes. A message id
/// needs to be unique, not unpredictable, so the bits come from <see cref="Random.Shared"/> instead.
/// </remarks>
public static class MessageIds
{
    /// <summary>A new version 7 id whose timestamp is <paramref name="createdAt"/> (to the millisecond).</summary>
    public static Guid NewVersion7(DateTimeOffset createdAt)
    {
        // Big-endian layout: 48-bit Unix milliseconds, then random bits with version 7 in the high nibble
        // of byte 6 and variant 10 in byte 8.
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, createdAt.ToUnixTimeMilliseconds() << 16);
        Random.Shared.NextBytes(bytes[6..]);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
