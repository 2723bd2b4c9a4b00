namespace ServiceVision.Partners.Abstractions;

/// <summary>What an organization can grant a partner: event kinds it receives and commands it may send.</summary>
public static class GrantKinds
{
    public const string VisionPublished = "VisionPublished";
    public const string RolloutProgress = "RolloutProgress";
    public const string TrainingCompleted = "TrainingCompleted";
    public const string SurveyResults = "SurveyResults";
    public const string Recognitions = "Recognitions";
    public const string Celebrations = "Celebrations";

    public const string MemberHired = "MemberHired";
    public const string MemberLeft = "MemberLeft";
    public const string CourseCompleted = "CourseCompleted";
    public const string CustomerFeedback = "CustomerFeedback";

    public static IReadOnlyList<string> Events { get; } = [VisionPublished, RolloutProgress, TrainingCompleted, SurveyResults, Recognitions, Celebrations];

    public static IReadOnlyList<string> Commands { get; } = [MemberHired, MemberLeft, CourseCompleted, CustomerFeedback];
}
