using System.Text.Json.Serialization;
using ServiceVision.Domain.Training;

namespace ServiceVision.Training.Grains;

/// <summary>A course as stored (in the catalog, and copied into each assignment).</summary>
public sealed class CourseRecord
{
    public string Id { get; set; } = "";

    public string Title { get; set; } = "";

    public int VisionVersion { get; set; }

    public List<ModuleRecord> Modules { get; set; } = [];

    public static CourseRecord From(Course course) => new()
    {
        Id = course.Id,
        Title = course.Title,
        VisionVersion = course.VisionVersion,
        Modules = [.. course.Modules.Select(ModuleRecord.From)],
    };

    public Course ToCourse() => new(Id, Title, VisionVersion, [.. Modules.Select(m => m.ToModule())]);
}

public sealed class ModuleRecord
{
    public string Id { get; set; } = "";

    // Stored by name so that reordering the enum can never change stored data.
    [JsonConverter(typeof(JsonStringEnumConverter<ModuleKind>))]
    public ModuleKind Kind { get; set; }

    public string Title { get; set; } = "";

    public List<string> ItemIds { get; set; } = [];

    public List<ContentRecord> Content { get; set; } = [];

    public List<QuestionRecord> Questions { get; set; } = [];

    public List<ContentRecord> Acknowledgements { get; set; } = [];

    public bool Edited { get; set; }

    public static ModuleRecord From(CourseModule module) => new()
    {
        Id = module.Id,
        Kind = module.Kind,
        Title = module.Title,
        ItemIds = [.. module.ItemIds],
        Content = [.. module.Content.Select(c => new ContentRecord { ItemId = c.ItemId, Text = c.Text })],
        Questions = [.. module.Questions.Select(QuestionRecord.From)],
        Acknowledgements = [.. module.Acknowledgements.Select(a => new ContentRecord { ItemId = a.ItemId, Text = a.Text })],
        Edited = module.Edited,
    };

    public CourseModule ToModule() => new(
        Id,
        Kind,
        Title,
        [.. ItemIds],
        [.. Content.Select(c => new ContentPoint(c.ItemId, c.Text))],
        [.. Questions.Select(q => q.ToQuestion())],
        [.. Acknowledgements.Select(a => new Acknowledgement(a.ItemId, a.Text))],
        Edited);
}

public sealed class ContentRecord
{
    public string ItemId { get; set; } = "";

    public string Text { get; set; } = "";
}

public sealed class QuestionRecord
{
    public string Id { get; set; } = "";

    [JsonConverter(typeof(JsonStringEnumConverter<QuestionKind>))]
    public QuestionKind Kind { get; set; }

    public string Text { get; set; } = "";

    public List<string> ItemIds { get; set; } = [];

    public List<ChoiceRecord> Choices { get; set; } = [];

    public List<string> CorrectChoiceIds { get; set; } = [];

    public List<string> AcceptedAnswers { get; set; } = [];

    public bool Edited { get; set; }

    public static QuestionRecord From(Question question) => new()
    {
        Id = question.Id,
        Kind = question.Kind,
        Text = question.Text,
        ItemIds = [.. question.ItemIds],
        Choices = [.. question.Choices.Select(c => new ChoiceRecord { Id = c.Id, Text = c.Text })],
        CorrectChoiceIds = [.. question.CorrectChoiceIds],
        AcceptedAnswers = [.. question.AcceptedAnswers],
        Edited = question.Edited,
    };

    public Question ToQuestion() => new(
        Id,
        Kind,
        Text,
        [.. ItemIds],
        [.. Choices.Select(c => new Choice(c.Id, c.Text))],
        [.. CorrectChoiceIds],
        [.. AcceptedAnswers],
        Edited);
}

public sealed class ChoiceRecord
{
    public string Id { get; set; } = "";

    public string Text { get; set; } = "";
}
