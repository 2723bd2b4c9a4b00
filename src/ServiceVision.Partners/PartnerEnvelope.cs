using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceVision.Contracts.Organizations.V1;
using ServiceVision.Contracts.Recognition.V1;
using ServiceVision.Contracts.Surveys.V1;
using ServiceVision.Contracts.Training.V1;
using ServiceVision.Partners.Abstractions;

namespace ServiceVision.Partners;

/// <summary>
/// What partners receive and send: a CloudEvents 1.0 structured JSON envelope. <see cref="Type"/>
/// names the message and its version ("servicevision.training.training-completed.v1"); a new
/// version of a message gets a new type and the old one keeps going out for a deprecation period.
/// <see cref="Id"/> is stable across redeliveries: partners dedupe on it.
/// </summary>
public sealed record PartnerEnvelope(
    [property: JsonPropertyName("specversion")] string SpecVersion,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("organizationid")] string? OrganizationId,
    [property: JsonPropertyName("datacontenttype")] string DataContentType,
    [property: JsonPropertyName("data")] JsonElement Data)
{
    public const string ContentType = "application/cloudevents+json";
    public const string Version = "1.0";
    public const string PlatformSource = "urn:servicevision";

    /// <summary>camelCase data, enums as strings, no indentation.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static PartnerEnvelope Create(string type, string id, DateTimeOffset time, string? organizationId, object data) =>
        new(Version, type, PlatformSource, id, time, organizationId, "application/json", JsonSerializer.SerializeToElement(data, data.GetType(), Json));

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <summary>One partner-facing event: the contract, its envelope type and the grant kind that lets it through.</summary>
public sealed record PartnerEventType(Type Contract, string Type, string GrantKind, string Summary);

/// <summary>The events partners can be granted, by contract.</summary>
public static class PartnerEventTypes
{
    public static IReadOnlyList<PartnerEventType> All { get; } =
    [
        new(typeof(VisionPublished), "servicevision.organizations.vision-published.v1", GrantKinds.VisionPublished, "An organization published a new version of its customer service vision."),
        new(typeof(RolloutCompleted), "servicevision.organizations.rollout-completed.v1", GrantKinds.RolloutProgress, "Every member of a training rollout completed their assignment (rollout progress)."),
        new(typeof(TrainingCompleted), "servicevision.training.training-completed.v1", GrantKinds.TrainingCompleted, "A member completed every module of a training assignment."),
        new(typeof(SurveyScoresPublished), "servicevision.surveys.survey-scores-published.v1", GrantKinds.SurveyResults, "The latest scores of a survey (groups under the anonymity threshold left out)."),
        new(typeof(RecognitionGiven), "servicevision.recognition.recognition-given.v1", GrantKinds.Recognitions, "A member recognized another for living the vision."),
        new(typeof(CelebrationHeld), "servicevision.recognition.celebration-held.v1", GrantKinds.Celebrations, "A celebration took place and honoured these members."),
    ];

    public static PartnerEventType Of(Type contract) =>
        All.FirstOrDefault(e => e.Contract == contract) ?? throw new ArgumentException($"{contract.Name} is not a partner event.", nameof(contract));
}
