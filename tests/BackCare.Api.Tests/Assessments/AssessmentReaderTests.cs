using System.Text;
using System.Text.Json;
using BackCare.Api.Assessments;
using BackCare.Domain;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackCare.Api.Tests.Assessments;

/// <summary>
/// The plain-form reader reads what the serializer reads, or gives up: never a request the serializer refuses, never other values.
/// </summary>
[Collection("api")]
public sealed class AssessmentReaderTests(ApiFactory factory)
{
    private JsonSerializerOptions Options => factory.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    [Fact]
    public void Every_generated_request_compact_or_indented_is_read_as_the_serializer_reads_it()
    {
        var indented = new JsonSerializerOptions { WriteIndented = true };
        Respondents.Valid.Sample(person =>
        {
            var json = person.ToJson();
            foreach (var text in new[] { json.ToJsonString(), json.ToJsonString(indented) })
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                var read = AssessmentReader.TryRead(bytes);
                Assert.NotNull(read);
                Assert.Equal(JsonSerializer.Deserialize<AssessmentRequest>(bytes, Options), read);
            }
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void A_broken_body_is_given_up_or_read_exactly_as_the_serializer_reads_it()
    {
        var read = 0;
        var givenUp = 0;
        GarbageBodies.Any.Sample(garbage =>
        {
            if (AssessmentReader.TryRead(garbage.Body) is not { } request)
            {
                givenUp++;
                return;
            }

            // Whatever the reader takes, the serializer takes too, with the same answers.
            read++;
            Assert.Equal(JsonSerializer.Deserialize<AssessmentRequest>(garbage.Body, Options), request);
        }, iter: 5000, threads: 1);

        Assert.True(givenUp > read, $"The reader took {read} of {read + givenUp} broken bodies.");
    }

    [Theory]
    [InlineData("""{"redFlags":null}""")]
    [InlineData("""{"redFlags":{"feverOrChills":"yes","feverOrChills":"no"}}""")]
    [InlineData("""{"redFlags":{"feverOrChills":"y\u0065s"}}""")]
    [InlineData("""{"redFl\u0061gs":{}}""")]
    [InlineData("""{"pain":{"durationDays":4.0}}""")]
    [InlineData("""{"pain":{"durationDays":"4"}}""")]
    [InlineData("""{"pain":{"region":"Lumbar"}}""")]
    [InlineData("""{"saddleAnaesthesia":"no"}""")]
    [InlineData("""{"pain":{"durationDays":4}} {}""")]
    [InlineData("""{"pain":{"durationDays":4},}""")]
    [InlineData("""[{"pain":{"durationDays":4}}]""")]
    [InlineData("\uFEFF{}")]
    [InlineData("")]
    public void Gives_up_on_what_only_the_serializer_may_judge(string body) =>
        Assert.Null(AssessmentReader.TryRead(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Leaves_a_missing_answer_missing_for_the_validator() =>
        Assert.Equal(new AssessmentRequest { Pain = new PainAnswers { DurationDays = 4 } }, AssessmentReader.TryRead("""{"pain":{"durationDays":4}}"""u8));
}
