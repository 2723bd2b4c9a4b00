using ServiceVision.Domain.Networks;

namespace ServiceVision.Domain.Tests.Networks;

public sealed class NetworkDashboardTests
{
    private static readonly DateTimeOffset Now = new(2030, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<DashboardPillar> Pillars = [new("pil_care", "Care"), new("pil_speed", "Speed")];

    private static NetworkAdoptionCell Adopted(int version) => new(NetworkAdoptionCell.Adopted, version, version, Now);

    private static readonly NetworkAdoptionCell NotOffered = new(NetworkAdoptionCell.NotOffered, null, null, null);

    internal static NetworkLocationInput Input(
        string id,
        string? region = null,
        NetworkAdoptionCell? adoption = null,
        NetworkTrainingCell? training = null,
        decimal? nps = null,
        decimal? csat = null,
        decimal? pulse = null,
        Dictionary<string, int>? recognitions = null,
        NetworkAuditCell? audit = null) =>
        new(id, "Location " + id, region, adoption ?? NotOffered, training, nps, csat, pulse, recognitions ?? [], null, audit);

    internal static NetworkTrainingCell Training(int members, int completed, int overdue = 0) =>
        new("rol_1", "Vision week", "vision", Now.AddDays(7), members, completed, overdue, members == 0 ? 0 : Math.Floor(completed * 1000m / members) / 10m);

    [Fact]
    public void A_row_lists_every_current_pillar_with_its_count_and_computes_the_alignment_from_its_components()
    {
        var row = NetworkDashboard.Row(
            Input(
                "a",
                adoption: new NetworkAdoptionCell(NetworkAdoptionCell.Pending, 3, 2, Now),
                training: Training(4, 3),
                nps: 20m,
                pulse: 70m,
                recognitions: new() { ["pil_care"] = 2, ["pil_retired"] = 5 },
                audit: new NetworkAuditCell(90m, Now)),
            Pillars);

        Assert.Equal([("pil_care", "Care", 2), ("pil_speed", "Speed", 0)], row.Recognitions.Select(r => (r.PillarId, r.Text, r.Count)));
        Assert.Equal(new NetworkAlignmentComponents(50m, 75m, 60m, 70m, 50m, 90m), row.Components);

        // .15*50 + .20*75 + .15*60 + .15*70 + .10*50 + .25*90 = 7.5 + 15 + 9 + 10.5 + 5 + 22.5
        Assert.Equal(69.5m, row.Alignment);
    }

    [Fact]
    public void A_location_where_nothing_is_measured_has_no_alignment()
    {
        var row = NetworkDashboard.Row(Input("a"), []);

        Assert.Null(row.Alignment);
        Assert.Equal(new NetworkAlignmentComponents(null, null, null, null, null, null), row.Components);
        Assert.Empty(row.Recognitions);
    }

    [Fact]
    public void Lagging_locations_come_first_unmeasured_ones_before_any_score_and_ties_by_name()
    {
        var rows = new[]
        {
            NetworkDashboard.Row(Input("b", audit: new(80m, Now)), Pillars),
            NetworkDashboard.Row(Input("d", audit: new(40m, Now)), Pillars),
            NetworkDashboard.Row(Input("c"), Pillars),
            NetworkDashboard.Row(Input("a", audit: new(80m, Now)), Pillars),
        };

        Assert.Equal(["c", "d", "a", "b"], NetworkDashboard.LaggingFirst(rows).Select(r => r.LocationId));
    }

    [Fact]
    public void The_region_filter_ignores_case_and_spaces_and_blank_means_every_location()
    {
        var rows = new[] { Input("a", "North"), Input("b", "south"), Input("c", null), Input("d", " north ") };

        Assert.Equal(["a", "d"], NetworkDashboard.InRegion(rows, r => r.Region, "NORTH ").Select(r => r.LocationId));
        Assert.Equal(4, NetworkDashboard.InRegion(rows, r => r.Region, " ").Count());
        Assert.Equal(4, NetworkDashboard.InRegion(rows, r => r.Region, null).Count());
        Assert.Empty(NetworkDashboard.InRegion(rows, r => r.Region, "East"));
    }

    [Fact]
    public void The_totals_count_adoption_states_and_average_the_measured_alignments()
    {
        var rows = new[]
        {
            NetworkDashboard.Row(Input("a", adoption: Adopted(2), training: Training(4, 4), audit: new(100m, Now)), []),
            NetworkDashboard.Row(Input("b", adoption: new(NetworkAdoptionCell.Pending, 2, null, null), training: Training(3, 1, overdue: 2)), []),
            NetworkDashboard.Row(Input("c"), []),
        };

        var totals = NetworkDashboard.Totals(rows);

        // b: adoption 0 (.15) and training 33.3 (.20): 6.66 / .35 = 19.0; the average of 100 and 19.0.
        Assert.Equal(19m, rows[1].Alignment);
        Assert.Equal(new NetworkTotals(3, 1, 1, 1, 2, 59.5m, 7, 5, 2), totals);
    }

    [Fact]
    public void The_totals_of_nothing_have_no_average()
    {
        var totals = NetworkDashboard.Totals([]);

        Assert.Equal(0, totals.Locations);
        Assert.Null(totals.AverageAlignment);
    }
}
