using System.ComponentModel;

namespace BackCare.Domain;

/// <summary>The part of the spine an exercise mobilises.</summary>
[Description("The part of the spine: `lumbar` (lower back) or `thoracic` (mid back).")]
public enum Region
{
    Lumbar,
    Thoracic,
}

/// <summary>The direction of movement an exercise uses.</summary>
[Description("The direction of movement: `rotation`, `extension` or `flexion`.")]
public enum Movement
{
    Rotation,
    Extension,
    Flexion,
}

/// <summary>A self-mobilisation exercise from the source article. Every text field quotes the article verbatim.</summary>
public sealed record Exercise(
    [property: Description("Stable identifier, used in URLs and in assessment answers.")] string Id,
    [property: Description("Display name.")] string Name,
    [property: Description("The part of the spine the exercise mobilises.")] Region Region,
    [property: Description("The direction of movement.")] Movement Movement,
    [property: Description("What the exercise is meant to do, quoted from the article.")] string Purpose,
    [property: Description("What the person needs.")] string Equipment,
    [property: Description("The steps in order, quoted from the article.")] IReadOnlyList<string> Steps,
    [property: Description("How long to hold the position, when the article gives it.")] HoldTime? Hold,
    [property: Description("True when the exercise is repeated on the other side.")] bool RepeatOnEachSide,
    [property: Description("Cautions specific to this exercise, quoted from the article.")] IReadOnlyList<string> Cautions,
    [property: Description("The technique rules that apply to every self-mobilisation, quoted from the article.")] IReadOnlyList<string> Technique,
    [property: Description("The article section the exercise comes from.")] string SourceSection);

/// <summary>How long to hold a position, in seconds.</summary>
public sealed record HoldTime(
    [property: Description("Shortest hold, in seconds.")] int MinSeconds,
    [property: Description("Longest hold, in seconds.")] int MaxSeconds);
