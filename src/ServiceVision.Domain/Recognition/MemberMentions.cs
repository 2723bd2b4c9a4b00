using System.Text.RegularExpressions;

namespace ServiceVision.Domain.Recognition;

/// <summary>A member as a customer comment may name them.</summary>
public sealed record NamedMember(string Id, string Name);

/// <summary>Finds the members a customer's comment names by their full name.</summary>
public static class MemberMentions
{
    /// <summary>Names shorter than this (after trimming) are never matched: too likely to be an ordinary word.</summary>
    public const int MinNameLength = 3;

    /// <summary>Longest comment searched; the rest is ignored.</summary>
    public const int MaxCommentLength = 10_000;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The members whose full name appears in <paramref name="comment"/>: case-insensitive, as whole words
    /// (not inside a longer word), any run of spaces between the parts of the name. In the order of
    /// <paramref name="members"/>, each once.
    /// </summary>
    public static IReadOnlyList<NamedMember> Find(string? comment, IEnumerable<NamedMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (string.IsNullOrWhiteSpace(comment))
        {
            return [];
        }

        var text = comment.Length > MaxCommentLength ? comment[..MaxCommentLength] : comment;
        var found = new List<NamedMember>();
        foreach (var member in members)
        {
            var parts = (member.Name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || string.Join(' ', parts).Length < MinNameLength || found.Exists(f => f.Id == member.Id))
            {
                continue;
            }

            var pattern = @"(?<![\p{L}\p{N}])" + string.Join(@"\s+", parts.Select(Regex.Escape)) + @"(?![\p{L}\p{N}])";
            try
            {
                if (Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout))
                {
                    found.Add(member);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological comment: no proposal rather than a stuck consumer.
            }
        }

        return found;
    }
}
