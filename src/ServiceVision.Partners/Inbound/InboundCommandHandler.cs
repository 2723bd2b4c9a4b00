using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceVision.Api;
using ServiceVision.Domain;
using ServiceVision.Domain.Locations;
using ServiceVision.Domain.Members;
using ServiceVision.Domain.ServiceDesign;
using ServiceVision.Grains;
using ServiceVision.Organizations;
using ServiceVision.Organizations.Abstractions;
using ServiceVision.Organizations.Audit;
using ServiceVision.Organizations.Directory;
using ServiceVision.Partners.Abstractions;

namespace ServiceVision.Partners.Inbound;

/// <summary>
/// Turns one message from a partner's inbound queue into its effect and the reply to send back
/// (<see cref="CommandAcceptedV1"/> or <see cref="CommandRejectedV1"/>). Checks in order: JSON,
/// envelope, type, data schema, then the grant (in the command's organization, whose tenant context
/// the grain calls run in); only then does anything change, through the grains, which validate fully
/// before changing. A rejected command changes nothing.
/// </summary>
public sealed class InboundCommandHandler(IGrainFactory grains, IServiceProvider services, TimeProvider time)
{
    /// <summary>The largest command body read; larger ones are rejected unread.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const int MaxCommandIdLength = 100;
    public const int MaxCourseIdLength = 100;
    public const int MaxCourseTitleLength = 200;
    public const int MaxChannelLength = 50;
    public const int MaxTouchpointLength = 100;
    public const int MaxCommentLength = 2000;

    public async Task<PartnerEnvelope> HandleAsync(string partnerId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (body.Length > MaxBodyBytes)
        {
            return Reject(null, null, null, "InvalidCommand", $"A command is at most {MaxBodyBytes} bytes.", []);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            return Reject(null, null, null, "MalformedJson", "The message is not JSON: " + error.Message, []);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Reject(null, null, null, "MalformedJson", "The message must be a JSON object (a CloudEvents envelope).", []);
        }

        var id = Text(root, "id");
        var type = Text(root, "type");
        var organizationId = Text(root, "organizationid");
        var errors = new List<CommandFieldError>();
        if (Text(root, "specversion") != PartnerEnvelope.Version)
        {
            errors.Add(new("specversion", $"Must be \"{PartnerEnvelope.Version}\"."));
        }

        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxCommandIdLength || id.Any(char.IsControl))
        {
            errors.Add(new("id", $"A unique id of 1 to {MaxCommandIdLength} characters is required; replies carry it."));
            id = null;
        }

        if (!TextRules.IsWellFormedId(organizationId))
        {
            errors.Add(new("organizationid", "The organization's id is required."));
        }

        if (string.IsNullOrWhiteSpace(type))
        {
            errors.Add(new("type", "The command's type is required."));
        }
        else if (!PartnerCommandTypes.Commands.ContainsKey(type))
        {
            return Reject(id, type, organizationId, "UnknownType", $"'{type}' is not a command partners send; see the AsyncAPI document.", []);
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("data", "The command's data (a JSON object) is required."));
        }

        if (errors.Count > 0)
        {
            return Reject(id, type, TextRules.IsWellFormedId(organizationId) ? organizationId : null, "InvalidCommand", "The envelope is incomplete.", errors);
        }

        var (dataType, grant) = PartnerCommandTypes.Commands[type!];
        object command;
        try
        {
            command = data.Deserialize(dataType, PartnerEnvelope.Json) ?? throw new JsonException("null");
        }
        catch (JsonException error)
        {
            var field = error.Path is { Length: > 1 } path ? "data" + path[1..] : "data";
            return Reject(id, type, organizationId, "InvalidCommand", "The data does not match the command's schema.", [new(field, "Has the wrong JSON type.")]);
        }

        var schema = Validate(command);
        if (schema.Count > 0)
        {
            return Reject(id, type, organizationId, "InvalidCommand", "The command's data is invalid.", [.. schema.Select(e => new CommandFieldError("data." + e.Field, e.Message))]);
        }

        // An organization that does not exist and one that did not grant the command look the same to the partner.
        if (services.GetService<PlatformDirectory>() is { } directory && !await directory.OrganizationIsStoredAsync(organizationId!, cancellationToken))
        {
            return Reject(id, type, organizationId, "NotGranted", "The organization did not grant this partner this command.", []);
        }

        using var tenant = TenantContext.Enter(organizationId);
        if (!await grains.GetGrain<IPartnerGrantsGrain>(PartnerKeys.Grants(organizationId!)).AllowsCommand(partnerId, grant))
        {
            return Reject(id, type, organizationId, "NotGranted", "The organization did not grant this partner this command.", []);
        }

        try
        {
            var (invitationId, duplicate) = await ApplyAsync(partnerId, organizationId!, id!, command);
            return PartnerEnvelope.Create(PartnerCommandTypes.Accepted, Guid.NewGuid().ToString(), time.GetUtcNow(), organizationId, new CommandAcceptedV1(id!, type!, invitationId, duplicate));
        }
        catch (ValidationFailedException error)
        {
            return Reject(id, type, organizationId, "Refused", error.Message, [.. error.Errors.Select(e => new CommandFieldError("data." + e.Field, e.Message))]);
        }
        catch (ApiException error) when (error.StatusCode is >= 400 and < 500)
        {
            return Reject(id, type, organizationId, "Refused", error.Message, []);
        }
    }

    private async Task<(string? InvitationId, bool Duplicate)> ApplyAsync(string partnerId, string organizationId, string commandId, object command)
    {
        var actor = PartnerKeys.UserName(partnerId);
        var organization = grains.GetGrain<IOrganizationGrain>(organizationId);
        var audit = services.GetService<IAuditLog>();
        switch (command)
        {
            case MemberHiredV1 hired:
                {
                    var (_, secretHash) = InvitationTokens.Generate(organizationId);
                    var invitation = await organization.CreateInvitation(new NewInvitation(
                        Ids.New("inv"), hired.Email!.Trim(), hired.Name!.Trim(), MemberRules.ParseRole(hired.Role), hired.DepartmentId, secretHash, actor, hired.LocationId));
                    if (audit is not null)
                    {
                        await audit.RecordAsync(organizationId, actor, AuditKind.InvitationCreated, invitation.Id, $"Invitation created by partner {partnerId} with role {invitation.Role}.");
                    }

                    return (invitation.Id, false);
                }

            case MemberLeftV1 left:
                {
                    var member = await organization.FindMember(left.MemberId!) ?? throw new NotFoundException("The member");
                    var removed = await organization.RemoveMember(member.Id, member.Revision);
                    if (services.GetService<PlatformDirectory>() is { } directory
                        && (await directory.FindAccountAsync(removed.Email, CancellationToken.None))?.MemberId == removed.Id)
                    {
                        await directory.ReleaseEmailAsync(removed.Email, CancellationToken.None);
                    }

                    if (audit is not null)
                    {
                        await audit.RecordAsync(organizationId, actor, AuditKind.MemberRemoved, removed.Id, $"Member removed by partner {partnerId}.");
                    }

                    return (null, false);
                }

            case CourseCompletedV1 course:
                {
                    _ = await organization.FindMember(course.MemberId!) ?? throw new NotFoundException("The member");
                    var added = await grains.GetGrain<IPartnerRecordsGrain>(PartnerKeys.Records(organizationId)).AddCourseCompletion(new ExternalCourseCompletion(
                        commandId, partnerId, course.MemberId!, course.CourseId!.Trim(), TextRules.TrimToNull(course.CourseTitle), course.CompletedAt!.Value, course.ScorePercent, default));
                    return (null, !added);
                }

            case CustomerFeedbackV1 feedback:
                {
                    var added = await grains.GetGrain<IPartnerRecordsGrain>(PartnerKeys.Records(organizationId)).AddCustomerFeedback(new ExternalCustomerFeedback(
                        commandId, partnerId, feedback.SurveyId, feedback.LocationId, TextRules.TrimToNull(feedback.Channel), TextRules.TrimToNull(feedback.Touchpoint),
                        feedback.Csat, feedback.Nps, TextRules.TrimToNull(feedback.Comment), feedback.ReceivedAt!.Value, default));
                    return (null, !added);
                }

            default:
                throw new InvalidOperationException($"No handler for {command.GetType().Name}.");
        }
    }

    /// <summary>The schema rules of each command's data; field names relative to "data".</summary>
    public IReadOnlyList<ValidationError> Validate(object command)
    {
        var errors = new List<ValidationError>();
        var now = time.GetUtcNow();
        switch (command)
        {
            case MemberHiredV1 hired:
                errors.AddRange(MemberRules.ValidateInvitation(hired.Email, hired.Name, hired.Role, hired.DepartmentId));
                errors.AddRange(LocationRules.ValidateOptionalLocationId(hired.LocationId));
                if (errors.All(e => e.Field != "role") && MemberRules.ParseRole(hired.Role) == MemberRole.Owner)
                {
                    errors.Add(new("role", "Partners invite Employees or Leaders, never Owners."));
                }

                break;
            case MemberLeftV1 left:
                RequireId(errors, "memberId", left.MemberId);
                break;
            case CourseCompletedV1 course:
                RequireId(errors, "memberId", course.MemberId);
                TextRules.RequireLine(errors, "courseId", course.CourseId, MaxCourseIdLength);
                if (course.CourseTitle is not null)
                {
                    TextRules.RequireLine(errors, "courseTitle", course.CourseTitle, MaxCourseTitleLength);
                }

                RequirePast(errors, "completedAt", course.CompletedAt, now);
                if (course.ScorePercent is < 0 or > 100)
                {
                    errors.Add(new("scorePercent", "A score is 0 to 100."));
                }

                break;
            case CustomerFeedbackV1 feedback:
                if (feedback.SurveyId is not null && !TextRules.IsWellFormedId(feedback.SurveyId))
                {
                    errors.Add(new("surveyId", "This is not a survey id; leave it out for none."));
                }

                errors.AddRange(LocationRules.ValidateOptionalLocationId(feedback.LocationId));
                TextRules.OptionalParagraphs(errors, "comment", feedback.Comment, MaxCommentLength);
                if (feedback.Channel is not null)
                {
                    TextRules.RequireLine(errors, "channel", feedback.Channel, MaxChannelLength);
                }

                if (feedback.Touchpoint is not null)
                {
                    TextRules.RequireLine(errors, "touchpoint", feedback.Touchpoint, MaxTouchpointLength);
                }

                if (feedback.Csat is < 1 or > 5)
                {
                    errors.Add(new("csat", "CSAT is 1 to 5."));
                }

                if (feedback.Nps is < 0 or > 10)
                {
                    errors.Add(new("nps", "An NPS answer is 0 to 10."));
                }

                if (feedback.Csat is null && feedback.Nps is null && string.IsNullOrWhiteSpace(feedback.Comment))
                {
                    errors.Add(new("csat", "Feedback needs a CSAT, an NPS answer or a comment."));
                }

                RequirePast(errors, "receivedAt", feedback.ReceivedAt, now);
                break;
        }

        return errors;
    }

    private static void RequireId(List<ValidationError> errors, string field, string? value)
    {
        if (!TextRules.IsWellFormedId(value))
        {
            errors.Add(new(field, "An id is required."));
        }
    }

    private static void RequirePast(List<ValidationError> errors, string field, DateTimeOffset? value, DateTimeOffset now)
    {
        if (value is null)
        {
            errors.Add(new(field, "A time (ISO 8601) is required."));
        }
        else if (value > now.AddMinutes(5))
        {
            errors.Add(new(field, "Must not be in the future."));
        }
    }

    private static string? Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private PartnerEnvelope Reject(string? id, string? type, string? organizationId, string reason, string detail, IReadOnlyList<CommandFieldError> errors) =>
        PartnerEnvelope.Create(PartnerCommandTypes.Rejected, Guid.NewGuid().ToString(), time.GetUtcNow(), organizationId, new CommandRejectedV1(id, type, reason, detail, errors));
}
