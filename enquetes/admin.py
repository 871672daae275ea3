from django.contrib import admin

from .models import Choix, Enquete, Invitation, Participation, Question, Reponse, Section, Theme


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["ordre", "code", "libelle", "type", "obligatoire", "segment"]


@admin.register(Enquete)
class EnqueteAdmin(admin.ModelAdmin):
    list_display = ["titre", "organisation", "statut", "cree_le"]
    list_filter = ["statut", "organisation"]
    search_fields = ["titre"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["libelle", "enquete", "type", "ordre"]
    list_filter = ["type"]


admin.site.register(Section)
admin.site.register(Choix)
admin.site.register(Theme)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["id", "enquete", "soumise_le"]
    list_filter = ["enquete"]


@admin.register(Reponse)
class ReponseAdmin(admin.ModelAdmin):
    list_display = ["id", "question", "nature", "choix", "citable"]
    raw_id_fields = ["participation", "question", "choix"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["enquete", "acteur", "envoyee_le", "utilisee_le"]
    raw_id_fields = ["acteur"]
