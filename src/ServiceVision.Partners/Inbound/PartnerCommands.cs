namespace ServiceVision.Partners.Inbound;

// The data of the commands partners send (inside the envelope, camelCase JSON). Every property is
// nullable so that a missing field is reported by name instead of failing the whole message.

/// <summary>
/// A partner's HR system hired someone: the organization invites them (the invitation's id comes
/// back in the ack; the person gets the invitation from the organization). Type
/// "servicevision.partner.member-hired.v1"; grant "MemberHired".
/// </summary>
/// <param name="Email">The new member's e-mail address (at most 254 characters).</param>
/// <param name="Name">Their name (at most 100 characters).</param>
/// <param name="Role">"Employee" or "Leader" (partners cannot make owners).</param>
/// <param name="DepartmentId">An existing department of the organization, or null.</param>
/// <param name="LocationId">An existing location of the organization, or null.</param>
public sealed record MemberHiredV1(string? Email, string? Name, string? Role, string? DepartmentId, string? LocationId);

/// <summary>
/// A member left the organization: they are removed (their sign-in stops working). Type
/// "servicevision.partner.member-left.v1"; grant "MemberLeft".
/// </summary>
/// <param name="MemberId">The member's id in ServiceVision.</param>
public sealed record MemberLeftV1(string? MemberId);

/// <summary>
/// A member completed a course in the partner's LMS; stored as an external completion of the
/// organization. Type "servicevision.partner.course-completed.v1"; grant "CourseCompleted".
/// </summary>
/// <param name="MemberId">The member's id in ServiceVision.</param>
/// <param name="CourseId">The course's id in the LMS (at most 100 characters).</param>
/// <param name="CourseTitle">The course's title (at most 200 characters), or null.</param>
/// <param name="CompletedAt">When the member completed it (not in the future).</param>
/// <param name="ScorePercent">The score, 0-100, or null.</param>
public sealed record CourseCompletedV1(string? MemberId, string? CourseId, string? CourseTitle, DateTimeOffset? CompletedAt, int? ScorePercent);

/// <summary>
/// A customer gave feedback through the partner's tool; stored as partner-reported feedback of the
/// organization. Type "servicevision.partner.customer-feedback.v1"; grant "CustomerFeedback".
/// At least one of <see cref="Csat"/>, <see cref="Nps"/> and <see cref="Comment"/>.
/// </summary>
/// <param name="SurveyId">The ServiceVision survey it answers, or null.</param>
/// <param name="Channel">"InPerson", "Phone", "Email", "Chat", "Web" or another word of the partner (at most 50 characters), or null.</param>
/// <param name="Touchpoint">Where in the journey (at most 100 characters), or null.</param>
/// <param name="Csat">1-5, or null.</param>
/// <param name="Nps">0-10, or null.</param>
/// <param name="Comment">At most 2000 characters, or null.</param>
/// <param name="ReceivedAt">When the customer gave it (not in the future).</param>
public sealed record CustomerFeedbackV1(string? SurveyId, string? LocationId, string? Channel, string? Touchpoint, int? Csat, int? Nps, string? Comment, DateTimeOffset? ReceivedAt);

/// <summary>
/// The platform accepted a command: it took effect. Type "servicevision.partner.command-accepted.v1",
/// sent to the partner's outbound queue with the command's organization.
/// </summary>
/// <param name="CommandId">The id of the command's envelope.</param>
/// <param name="CommandType">The command's envelope type.</param>
/// <param name="InvitationId">For member-hired: the invitation created.</param>
/// <param name="Duplicate">True when the same command id was accepted before and nothing changed now.</param>
public sealed record CommandAcceptedV1(string CommandId, string CommandType, string? InvitationId, bool Duplicate);

/// <summary>
/// The platform rejected a command: nothing of it was stored. Type
/// "servicevision.partner.command-rejected.v1", sent to the partner's outbound queue.
/// </summary>
/// <param name="CommandId">The id of the command's envelope, or null when it could not be read.</param>
/// <param name="CommandType">The command's envelope type, or null when it could not be read.</param>
/// <param name="Reason">
/// MalformedJson (not a JSON object), UnknownType (not a command type partners send), InvalidCommand
/// (envelope or data fields missing or wrong: see <see cref="Errors"/>), NotGranted (the organization
/// did not grant this partner this command, or is not known), Refused (the organization refused it,
/// e.g. unknown member, e-mail taken: see <see cref="Detail"/>), Failed (the platform failed; resend later).
/// </param>
/// <param name="Errors">The fields at fault, as JSON paths in the command ("data.email").</param>
public sealed record CommandRejectedV1(string? CommandId, string? CommandType, string Reason, string Detail, IReadOnlyList<CommandFieldError> Errors);

/// <param name="Field">A JSON path in the command, e.g. "data.email" or "organizationid".</param>
public sealed record CommandFieldError(string Field, string Message);

/// <summary>The command and reply types partners exchange, with their data records.</summary>
public static class PartnerCommandTypes
{
    public const string MemberHired = "servicevision.partner.member-hired.v1";
    public const string MemberLeft = "servicevision.partner.member-left.v1";
    public const string CourseCompleted = "servicevision.partner.course-completed.v1";
    public const string CustomerFeedback = "servicevision.partner.customer-feedback.v1";
    public const string Accepted = "servicevision.partner.command-accepted.v1";
    public const string Rejected = "servicevision.partner.command-rejected.v1";

    /// <summary>Command type → (data record, grant).</summary>
    public static IReadOnlyDictionary<string, (Type Data, string Grant)> Commands { get; } = new Dictionary<string, (Type, string)>(StringComparer.Ordinal)
    {
        [MemberHired] = (typeof(MemberHiredV1), Abstractions.GrantKinds.MemberHired),
        [MemberLeft] = (typeof(MemberLeftV1), Abstractions.GrantKinds.MemberLeft),
        [CourseCompleted] = (typeof(CourseCompletedV1), Abstractions.GrantKinds.CourseCompleted),
        [CustomerFeedback] = (typeof(CustomerFeedbackV1), Abstractions.GrantKinds.CustomerFeedback),
    };
}
