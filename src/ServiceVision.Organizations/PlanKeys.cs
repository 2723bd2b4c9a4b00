namespace ServiceVision.Organizations;

/// <summary>Keys of the improvement plan's grains, one of each per organization, and the prefixes of their ids.</summary>
public static class PlanKeys
{
    public const string AnnouncementPrefix = "ann";
    public const string RecoveryPrefix = "rcv";
    public const string HuddlePrefix = "hud";

    public static string Announcements(string organizationId) => organizationId + "/announcements";

    public static string Empowerment(string organizationId) => organizationId + "/empowerment";

    public static string Huddles(string organizationId) => organizationId + "/huddles";

    public static string Scores(string organizationId) => organizationId + "/scores";
}
