"""Seed 002's published figures: Socialudvalgets nine pejlemærker, status 2014; seed
004's activation rate with its yearly milestones; and one invented example.

The delmål, baselines (2013), statuses (2014) and targets (2017) are copied exactly from
the seed's tables; a '-' in the seed is None here, and no figure has been invented. The
texts (`tekster`) are short paraphrases, not the seed's own sentences. The seed's colour
marks (blue/orange) were lost in its plain-text form, so every `markering` is INGEN.

Every figure of the nine is also on their sheet Målinger with its year: 2013 for a
baseline and 2014 for a status, except where the seed's notes give another year (4A:
July 2014; 7A and 7B: the end of 2012; 9C: "Baseline er 2014").

`SEED_004` holds what seed 004 publishes of the BIF/SOF strategy's activation rate:
37,4 pct. at the end of 2009 and the milestones 40 pct. (2010) and 50 pct. (2011). No
later figure is published, so its status year is its baseline year.

`OPDIGTET` is invented: cities, activities and yearly figures to show what the sheets
over time can do. It says so in its title, its file name and every Note and Kilde.

This module is the source of workbooks/eksempler/, which scripts/make_examples.py writes.
"""

from __future__ import annotations

from dataclasses import replace

from dagsorden.kerne.model import (
    Aktivitet,
    Budget,
    BudgetEnhed,
    Budgetlinje,
    Delmaal,
    Enhed,
    Fremdrift,
    Maal,
    Maaling,
    ManglendeStatus,
    Milepael,
    Pejlemaerke,
    Retning,
    Sammenligning,
    Tekst,
    Vaegtning,
)

PCT = Enhed.PCT

BOERN_UNGE = "Udsatte børn og unge & børn og unge med handicap"
UDSATTE_VOKSNE = "Udsatte voksne københavnere"


PEJLEMAERKE_1 = Pejlemaerke(
    nummer=1,
    titel="Flere udsatte københavnere har en bolig",
    omraade=UDSATTE_VOKSNE,
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    manglende_status=ManglendeStatus.NUL,
    delmaal=(
        Delmaal(
            id="A",
            tekst="1.000 udsatte københavnere får anvist en bolig i 2017",
            baseline=859.0,
            status=828.0,
            maal=Maal(1000.0),
        ),
        Delmaal(
            id="B",
            tekst="Der sker 80 færre udsættelser i 2017",
            baseline=538.0,
            status=474.0,
            maal=Maal(458.0),
        ),
        Delmaal(
            id="C",
            tekst="Flere københavnere, der får anvist en bolig, fastholder deres bolig",
            baseline=95.9,
            status=97.1,
            maal=Maal(97.5),
            enhed=PCT,
        ),
        Delmaal(
            id="D",
            tekst="Der er færre hjemløse københavnere",
            baseline=1581.0,
            status=None,
            maal=Maal(1255.0),
            # The seed's published samlet status, 1,6, counts D and E (no status) as 0,
            # though its text says they don't count; left out, the status would be 2,4.
        ),
        Delmaal(
            id="E",
            tekst="Der er færre unge hjemløse københavnere",
            baseline=225.0,
            status=None,
            maal=Maal(190.0),
        ),
        Delmaal(
            id="F",
            tekst=(
                "Højst 100 københavnere med handicap og 100 københavnere med sindslidelse "
                "venter på et botilbud i 2017"
            ),
            underpunkter=(
                Delmaal(
                    id="F1",
                    tekst="Københavnerne med sindslidelser",
                    baseline=129.0,
                    status=124.0,
                    maal=Maal(100.0),
                ),
                Delmaal(
                    id="F2",
                    tekst="Københavnerne med handicap",
                    baseline=102.0,
                    status=100.0,
                    maal=Maal(100.0),
                ),
            ),
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "En stabil bolig er grundlaget for livskvalitet og social mobilitet; uden den "
            "risikerer udsatte borgere at glide længere ud.",
        ),
        Tekst(
            "Årsager",
            "Anvisningerne falder, fordi der bliver stadig færre boliger med en husleje, "
            "målgruppen kan betale, mens gruppen med lav betalingsevne er vokset efter "
            "kontanthjælpsreformen.",
        ),
        Tekst(
            "Aktivitet",
            "Projektet Unge på vej gør store almene lejligheder brugbare til anvisning som "
            "deleboliger.",
        ),
        Tekst(
            "Aktivitet",
            "Sammen med KAB og Teknik- og Miljøforvaltningen udvikles billige basis-boliger "
            "i nybyggeriet.",
        ),
        Tekst(
            "Aktivitet",
            "Opsøgende arbejde og økonomisk rådgivning holder antallet af udsættelser nede.",
        ),
        Tekst(
            "Aktivitet",
            "Et socialt akuttilbud og ACT-metoden skal hjælpe flere med psykiske lidelser "
            "til at blive boende i eget hjem.",
        ),
        Tekst("Budgetforslag", "Ø304: Kvalitetsløft af herberget Kollegiet på Gl. Køge Landevej"),
        Tekst(
            "Budgetforslag",
            "Ø201: Bostøtte også aften og weekend, så flere kan flytte fra botilbud til egen bolig",
        ),
        Tekst(
            "Budgetforslag",
            "Ø202: Specialiseret rehabilitering for en lille gruppe beboere med psykisk "
            "sygdom og komplekse problemer",
        ),
    ),
)


PEJLEMAERKE_2 = Pejlemaerke(
    nummer=2,
    titel="Flere københavnske skoleelever klarer sig bedre",
    omraade=BOERN_UNGE,
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    manglende_status=ManglendeStatus.UDELAD,
    delmaal=(
        Delmaal(
            id="A",
            tekst=(
                "Andelen af elever med dårlige resultater i de nationale test for læsning og "
                "matematik, uanset social baggrund, skal reduceres år for år"
            ),
            note="Forvaltningen foreslår, at delmålet udgår; der er derfor ingen tal.",
        ),
        Delmaal(
            id="B",
            tekst=(
                "Andelen af udsatte elever og elever med handicap med dårlige resultater i de "
                "nationale test for læsning og matematik skal reduceres år for år"
            ),
            note="Forvaltningen foreslår, at delmålet udgår; der er derfor ingen tal.",
        ),
        Delmaal(
            id="C",
            tekst="Flere anbragte unge gennemfører 9. el. 10. klasse",
            underpunkter=(
                Delmaal(
                    id="C1",
                    tekst="Flere anbragte deltager i 9. el. 10.-klasseprøven",
                    baseline=74.0,
                    maal=Maal(80.0),
                    enhed=PCT,
                ),
                Delmaal(
                    id="C2",
                    tekst=(
                        "Flere anbragte får en karakter på 2 eller derover i både dansk og "
                        "matematik"
                    ),
                    baseline=58.0,
                    maal=Maal(60.0),
                    enhed=PCT,
                ),
            ),
        ),
        Delmaal(
            id="D",
            tekst=(
                "Flere unge, der har modtaget en forebyggende foranstaltning, gennemfører "
                "9. el. 10. klasse"
            ),
            underpunkter=(
                Delmaal(
                    id="D1",
                    tekst=(
                        "Flere med forebyggende foranstaltninger deltager i 9. el. 10.-klasseprøven"
                    ),
                    baseline=73.0,
                    maal=Maal(80.0),
                    enhed=PCT,
                ),
                Delmaal(
                    id="D2",
                    tekst=(
                        "Flere med forebyggende foranstaltninger får en karakter på 2 eller "
                        "derover i både dansk og matematik"
                    ),
                    baseline=52.0,
                    maal=Maal(60.0),
                    enhed=PCT,
                ),
            ),
        ),
        Delmaal(
            id="E",
            tekst=(
                "Skolefraværet blandt udsatte børn og unge samt børn og unge med handicap falder"
            ),
            baseline=10.9,
            maal=Maal(6.1),
            enhed=PCT,
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "Der er endnu kun baselinemålinger; målene nås kun i tæt samarbejde med Børne- "
            "og Ungdomsforvaltningen om de udsatte elevers skolegang.",
        ),
        Tekst(
            "Aktivitet",
            "Tættere samarbejde med Børne- og Ungdomsforvaltningen, bl.a. om "
            "socialrådgivere på skoler og fælles fleksible tilbud.",
        ),
        Tekst(
            "Aktivitet",
            "Projektet Alle i skole afprøver fraværskonsulenter, der følger børnene i skolen.",
        ),
        Tekst(
            "Aktivitet",
            "Alle anbragte børn skal systematisk tilmeldes 9.- eller 10.-klasseprøven.",
        ),
        Tekst(
            "Risiko",
            "Fælles sprog og faste mødefora med Børne- og Ungdomsforvaltningen, og børn må "
            "ikke hænge længe mellem to skoletilbud.",
        ),
        Tekst(
            "Budgetforslag",
            "Ø103: Flere socialrådgivere i daginstitutioner for en tidligere tværfaglig indsats",
        ),
        Tekst(
            "Budgetforslag",
            "SI04: Tidlig familierettet indsats, bl.a. hurtige skolekontaktpersoner ved højt "
            "fravær",
        ),
        Tekst(
            "Opmærksomhed",
            "Folkeskolereformen ændrer rammen for samarbejdet med Børne- og Ungdomsforvaltningen.",
        ),
    ),
)


PEJLEMAERKE_3 = Pejlemaerke(
    nummer=3,
    titel="Færre københavnske unge begår kriminalitet",
    omraade=BOERN_UNGE,
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    manglende_status=ManglendeStatus.UDELAD,
    delmaal=(
        Delmaal(
            id="A",
            tekst=(
                "Andelen af københavnske unge, der sigtes for alvorlig eller personfarlig "
                "kriminalitet, er mindre end 1,1 % i 2017"
            ),
            baseline=1.1,
            maal=Maal(1.1, Retning.UNDER),
            enhed=PCT,
        ),
        Delmaal(
            id="B",
            tekst="Færre børn og unge med særlige behov sigtes for alvorlig kriminalitet",
            baseline=8.6,
            maal=Maal(7.5),
            enhed=PCT,
        ),
        Delmaal(
            id="C",
            tekst=(
                "Ungdomskriminaliteten fortsætter samlet set med at falde i København "
                "(sigtede 10-23 årige)"
            ),
            baseline=2.6,
            maal=Maal(2.6, Retning.UNDER),
            enhed=PCT,
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "Ungdomskriminaliteten falder både i København og i hele landet, men en mindre "
            "gruppe unge begår stadig grov kriminalitet, der skaber utryghed.",
        ),
        Tekst(
            "Årsager",
            "Forvaltningen vil derfor møde førstegangskriminelle og deres forældre mere "
            "insisterende og styrke indsatsen på døgninstitutionerne.",
        ),
        Tekst(
            "Aktivitet",
            "Specialiserede indsatser som Den Korte Snor, Exitprogrammet og gadeplansarbejde.",
        ),
        Tekst("Aktivitet", "Mere brug af forældre- og ungepålæg."),
        Tekst("Aktivitet", "Netværkssamråd senest en uge efter den kriminelle handling."),
        Tekst(
            "Aktivitet",
            "Ungesamråd med anklagemyndighed og dommer samt kortere varetægtsfængslinger.",
        ),
        Tekst(
            "Budgetforslag",
            "Ø101: Stærkere indsats for kriminalitetstruede unge på døgninstitutionerne",
        ),
        Tekst(
            "Budgetforslag",
            "Ø102: Tidlig, familieorienteret indsats over for unge førstegangskriminelle",
        ),
        Tekst(
            "Opmærksomhed",
            "Tallene afhænger af politiets aktivitet: mere politiarbejde giver flere sigtelser.",
        ),
    ),
)


PEJLEMAERKE_4 = Pejlemaerke(
    nummer=4,
    titel="Flere københavnere med særlige behov kommer i uddannelse eller beskæftigelse",
    omraade="",
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    manglende_status=ManglendeStatus.UDELAD,
    delmaal=(
        Delmaal(
            id="A",
            tekst=(
                "Flere københavnere med særlige behov bliver selvforsørgende via "
                "beskæftigelse eller uddannelse"
            ),
            baseline=5657.0,
            maal=Maal(5757.0),
            note=(
                "Baseline er antallet med særlige behov i beskæftigelse eller uddannelse "
                "opgjort i juli 2014."
            ),
        ),
        Delmaal(
            id="B",
            tekst="Flere københavnere deltager i Socialforvaltningens beskæftigelsestilbud",
            underpunkter=(
                Delmaal(
                    id="B1",
                    tekst=(
                        "Flere københavnere med handicap deltager i Socialforvaltningens "
                        "beskæftigelsestilbud"
                    ),
                ),
                Delmaal(
                    id="B2",
                    tekst=(
                        "Flere københavnere med sindslidelse deltager i Socialforvaltningens "
                        "beskæftigelsestilbud"
                    ),
                ),
            ),
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "Arbejde eller anden meningsfuld aktivitet fremmer inklusion og livskvalitet, "
            "men for mange af forvaltningens borgere er ordinært job ikke realistisk; kun få "
            "vil blive helt selvforsørgende.",
        ),
        Tekst(
            "Aktivitet",
            "Unge på vej: deleboliger og et tværfagligt team med fokus på uddannelse.",
        ),
        Tekst(
            "Aktivitet",
            "IPS-projektet og udskrivningskoordinatorer ved psykiatriske indlæggelser.",
        ),
        Tekst(
            "Aktivitet",
            "Aktivitets- og samværstilbud (§104) og misbrugsbehandling rettes mere mod "
            "beskæftigelse.",
        ),
        Tekst(
            "Budgetforslag",
            "Ø402: Flere beskæftigelses- og uddannelsestilbud for borgere med handicap",
        ),
        Tekst("Budgetforslag", "Ø303: Mere beskæftigelse for borgere med misbrug"),
        Tekst(
            "Budgetforslag",
            "Ø202: Bedre rehabilitering i samarbejde med Region Hovedstadens psykiatri",
        ),
    ),
)


PEJLEMAERKE_5 = Pejlemaerke(
    nummer=5,
    titel="Flere københavnere mestrer i højere grad deres eget liv",
    omraade="",
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    manglende_status=ManglendeStatus.UDELAD,
    vaegtning=Vaegtning.INGEN,
    delmaal=(
        Delmaal(
            id="A",
            tekst="Flere københavnere klarer sig bedre og har derfor mindre behov for hjælp",
            # The seed's status, 0,2, is weighted by population, but the populations
            # aren't published: the example shows the unweighted mean.
            underpunkter=(
                Delmaal(
                    id="A1",
                    tekst="Flere borgere skal blive bedre til at mestre eget liv målt ved VUM",
                    baseline=14.0,
                    status=11.0,
                    maal=Maal(15.0),
                    enhed=PCT,
                ),
                Delmaal(
                    id="A2",
                    tekst="Flere modtagere af den sociale hjemmepleje skal klare sig selv",
                    baseline=5.0,
                    status=7.0,
                    maal=Maal(10.0),
                    enhed=PCT,
                ),
                Delmaal(
                    id="A3",
                    tekst=(
                        "Flere borgere på socialpsykiatriske botilbud flytter til mere "
                        "selvstændige boformer"
                    ),
                    baseline=6.0,
                    status=6.0,
                    maal=Maal(7.0),
                    enhed=PCT,
                ),
            ),
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "Botilbuddene har lokale rehabiliterende indsatser, men ingen fælles systematik; "
            "mere videndeling skal give fremgang i VUM og flere, der kan flytte i egen bolig.",
        ),
        Tekst(
            "Årsager",
            "Den sociale hjemmepleje omstiller hjælpen til rehabilitering; 2014-tallene er "
            "lovende, så målet på 10 pct. anses for realistisk.",
        ),
        Tekst(
            "Aktivitet",
            "Projekt om medicinpædagogik, så beboere bedre kan håndtere egen medicin.",
        ),
        Tekst(
            "Aktivitet",
            "Rehabiliterende hverdagstræning i Borgercenter Hjemmepleje, støttet af en "
            "lovændring fra 2015.",
        ),
        Tekst(
            "Budgetforslag",
            "Ø601: Forankring af tværfaglig rehabilitering i hjemmeplejen",
        ),
        Tekst(
            "Budgetforslag",
            "Ø201: Fleksibel bostøtte, så flere klarer sig selv eller kan flytte i egen bolig",
        ),
    ),
)


PEJLEMAERKE_6 = Pejlemaerke(
    nummer=6,
    titel="Flere københavnere stopper eller reducerer deres misbrug",
    omraade=UDSATTE_VOKSNE,
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    manglende_status=ManglendeStatus.UDELAD,
    delmaal=(
        Delmaal(
            id="A",
            tekst=(
                "Andelen af københavnere, som afslutter et behandlingsforløb for stofmisbrug "
                "som stoffri eller med reduktion i misbruget, øges til mindst 44 % i 2017. "
                "Målet stammer fra regeringens 2020 mål"
            ),
            maal=Maal(44.0),
            enhed=PCT,
        ),
        Delmaal(
            id="B",
            tekst=(
                "Andelen af københavnere, som afslutter et behandlingsforløb for misbrug af "
                "alkohol som afholdende eller med reduktion i misbruget, øges frem mod 2017"
            ),
            enhed=PCT,
            # The seed's target reads "X %": no figure has been set.
            note="Udvalget har endnu ikke fastsat et måltal.",
        ),
        Delmaal(
            id="C",
            tekst="Flere unge reducerer eller stopper deres misbrug af hash",
        ),
        Delmaal(
            id="D",
            tekst=(
                "Flere borgere på socialpsykiatriske botilbud i Københavns kommune med en "
                "misbrugsproblematik kommer i misbrugsbehandling"
            ),
        ),
        Delmaal(
            id="E",
            tekst="Færre københavnere oplever tilbagefald efter endt stofmisbrugsbehandling",
        ),
        Delmaal(
            id="F",
            tekst="Færre københavnere oplever tilbagefald efter endt alkoholmisbrugsbehandling",
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "Misbrugsområdet bliver lagt om; det åbner for mere stoffri og fremskudt "
            "behandling, men kan give en dårligere oplevelse for borgerne, mens det står på.",
        ),
        Tekst(
            "Årsager",
            "Nye lovkrav om bl.a. opfølgning, frit valg og lægelig udredning skal "
            "implementeres, og ressourcebehovet er endnu uklart.",
        ),
        Tekst(
            "Aktivitet",
            "Tættere samarbejde med SSP+ om kriminelle unge med misbrug.",
        ),
        Tekst(
            "Aktivitet",
            "SMART Recovery og klare behandlingsmål med kortere forløb i alkoholbehandlingen.",
        ),
        Tekst(
            "Aktivitet",
            "Familie og pårørende inddrages for at fastholde borgerne og forebygge tilbagefald.",
        ),
        Tekst(
            "Aktivitet",
            "Borgere, der udebliver fra behandling, kontaktes systematisk.",
        ),
        Tekst(
            "Budgetforslag",
            "Ø101: Stærkere indsats for kriminalitetstruede unge på døgninstitutionerne, også "
            "mod misbrug",
        ),
        Tekst("Budgetforslag", "Ø301: Fremskudt behandling på socialpsykiatriske bocentre"),
        Tekst("Budgetforslag", "Ø302: Pladser til afrusning og afgiftning"),
        Tekst("Budgetforslag", "Ø303: Beskæftigelsesrettet indsats for borgere med misbrug"),
        Tekst("Budgetforslag", "Ø304: Kvalitetsløft af herberget Kollegiet på Gl. Køge Landevej"),
        Tekst(
            "Budgetforslag",
            "Ø305: Hjælp til gravide misbrugere og misbrugere med børn",
        ),
        Tekst(
            "Budgetforslag",
            "Ø306: Lægesamtale til nyindskrevne i misbrugsbehandling",
        ),
        Tekst("Opmærksomhed", "Omlægningen af misbrugsområdet med dens muligheder og risici."),
    ),
)


_NOTE_FATTIGDOM = (
    "Baseline er langtidsfattige ved udgangen af 2012 (fattige i alle tre år 2010-12 efter "
    "den nationale definition)."
)

PEJLEMAERKE_7 = Pejlemaerke(
    nummer=7,
    titel="Færre københavnere lever i fattigdom",
    omraade=UDSATTE_VOKSNE,
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    manglende_status=ManglendeStatus.UDELAD,
    delmaal=(
        Delmaal(
            id="A",
            tekst="Færre københavnere lever i fattigdom",
            baseline=10598.0,
            maal=Maal(10598.0, Retning.UNDER),
            note=_NOTE_FATTIGDOM,
        ),
        Delmaal(
            id="B",
            tekst="Færre børn vokser op i fattige familier",
            baseline=1743.0,
            maal=Maal(1743.0, Retning.UNDER),
            note=_NOTE_FATTIGDOM,
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "Udviklingen styres mest af forhold uden for forvaltningen som konjunkturer, "
            "ledighed og flytninger, og data fra Danmarks Statistik er flere år forsinkede.",
        ),
        Tekst(
            "Aktivitet",
            "Indsatser, der gør borgere klar til arbejde eller uddannelse, så en lønindkomst "
            "kan løfte dem ud af fattigdom.",
        ),
        Tekst(
            "Aktivitet",
            "Økonomisk rådgivning i Socialcenter København for borgere med rod i økonomien.",
        ),
        Tekst(
            "Budgetforslag",
            "Ø402: Flere beskæftigelses- og uddannelsestilbud for borgere med handicap",
        ),
        Tekst("Budgetforslag", "Ø303: Mere beskæftigelse for borgere med misbrug"),
        Tekst(
            "Budgetforslag",
            "Ø202: Bedre rehabilitering i samarbejde med Region Hovedstadens psykiatri",
        ),
        Tekst(
            "Opmærksomhed",
            "Kommunen bruger nu den nationale fattigdomsgrænse i stedet for sin egen.",
        ),
    ),
)


PEJLEMAERKE_8 = Pejlemaerke(
    nummer=8,
    titel="Flere borgere med særlige behov oplever høj livskvalitet",
    omraade="",
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    manglende_status=ManglendeStatus.UDELAD,
    delmaal=(
        Delmaal(id="A", tekst="Flere borgere med særlige behov er tilfredse med livet"),
        Delmaal(
            id="B",
            tekst="Andelen af borgere med særlige behov, der er ensomme, falder",
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "Livskvalitet og mindre ensomhed har længe været mål for indsatserne, men at "
            "måle dem systematisk på tværs af forvaltningen er nyt.",
        ),
        Tekst(
            "Aktivitet",
            "Grundlagspapiret implementeres, så borgerne inddrages og bliver hørt.",
        ),
        Tekst(
            "Aktivitet",
            "Flere frivillige og mere civilsamfund giver samvær og mindre ensomhed.",
        ),
        Tekst(
            "Aktivitet",
            "Projekt God overgang til voksenlivet for unge med funktionsnedsættelser.",
        ),
        Tekst(
            "Budgetforslag",
            "Ø401: Tæt på familien, en ny indsats for unge med handicap og deres familier",
        ),
        Tekst(
            "Opmærksomhed",
            'Pejlemærke 8 og 9 siger nu "borgere" i stedet for "københavnere", da alle '
            "brugere af forvaltningens tilbud er med.",
        ),
    ),
)


PEJLEMAERKE_9 = Pejlemaerke(
    nummer=9,
    titel="Flere borgere er tilfredse med samarbejdet med Socialforvaltningen",
    omraade="",
    baselineaar=2013,
    statusaar=2014,
    maalaar=2017,
    manglende_status=ManglendeStatus.UDELAD,
    delmaal=(
        Delmaal(
            id="A",
            tekst=(
                "Mindst 80 % af de københavnere, der har særlige behov, er tilfredse med "
                "samarbejdet med Socialforvaltningen i forbindelse med myndighedsarbejdet i "
                "2017"
            ),
            maal=Maal(80.0),
            enhed=PCT,
        ),
        Delmaal(
            id="B",
            tekst=(
                "Mindst 80 % af de københavnere, der har særlige behov, er tilfredse med "
                "samarbejdet med Socialforvaltningen på tilbudsområdet i 2017"
            ),
            maal=Maal(80.0),
            enhed=PCT,
        ),
        Delmaal(
            id="C",
            tekst=(
                "Mindst 90 % af alle ansøgningssager behandles til tiden i SOF i 2017, "
                "hvilket svarer til en stigning på 41 procentpoint ift. 2014"
            ),
            baseline=49.0,
            maal=Maal(90.0),
            enhed=PCT,
            note="Baseline er målt i 2014, ikke 2013.",
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "Sagsbehandlingen skal have høj kvalitet, være gennemsigtig og sikre borgernes "
            "retssikkerhed; forvaltningen, ikke borgeren, skal finde vej i systemet.",
        ),
        Tekst(
            "Årsager",
            "Sagstiderne er langt fra målet, bl.a. fordi afviklingen af pukler har lukket "
            "mange gamle sager.",
        ),
        Tekst(
            "Aktivitet",
            "Borgerinddragelse i strategi og projekter, fx i Borgercenter Handicap.",
        ),
        Tekst(
            "Aktivitet",
            "Sikkerhedsplaner, Signs of Safety og en løsningsfokuseret tilgang.",
        ),
        Tekst(
            "Aktivitet",
            "Forsøg med FIT (feedback informed treatment).",
        ),
        Tekst(
            "Budgetforslag",
            "Ø103: Flere socialrådgivere i daginstitutioner, der støtter forældrene tæt",
        ),
        Tekst(
            "Budgetforslag",
            "SI04: Tidlig familierettet indsats med kortere ventetid efter en underretning",
        ),
        Tekst(
            "Budgetforslag",
            "Ø401: Tæt på familien med hyppigere opfølgning på unge med handicap",
        ),
        Tekst(
            "Opmærksomhed",
            "Borgere med kontakt til flere forvaltninger vil nok svare ud fra deres "
            "tilfredshed med kommunen som helhed.",
        ),
    ),
)


SEED_002 = "Bilag I: Status på Socialudvalgets pejlemærker, 2014"
_ANDET_BASELINEAAR = {
    (4, "A"): (2014, "Note 2: antallet i beskæftigelse eller uddannelse per juli 2014."),
    (7, "A"): (2012, "Note 4: langtidsfattige ved udgangen af 2012."),
    (7, "B"): (2012, "Note 4: langtidsfattige ved udgangen af 2012."),
    (9, "C"): (2014, "Note 6: Baseline er 2014."),
}
"""The delmål whose baseline the seed's own notes date to another year than 2013."""


def _med_maalinger(p: Pejlemaerke) -> Pejlemaerke:
    """`p` with each published figure on sheet Målinger, in its year."""

    def leaf(d: Delmaal) -> Delmaal:
        if d.underpunkter:
            return replace(d, underpunkter=tuple(leaf(u) for u in d.underpunkter))
        rows = []
        aar, note = _ANDET_BASELINEAAR.get((p.nummer, d.id), (p.baselineaar, ""))
        if d.baseline is not None and aar is not None:
            rows.append(Maaling(aar, d.baseline, SEED_002, note))
        if d.status is not None and p.statusaar is not None:
            rows.append(Maaling(p.statusaar, d.status, SEED_002))
        own_year = aar if d.baseline is not None and aar != p.baselineaar else None
        return replace(d, maalinger=tuple(rows), baselineaar=own_year)

    return replace(p, delmaal=tuple(leaf(d) for d in p.delmaal))


PEJLEMAERKER: tuple[Pejlemaerke, ...] = tuple(
    _med_maalinger(p)
    for p in (
        PEJLEMAERKE_1,
        PEJLEMAERKE_2,
        PEJLEMAERKE_3,
        PEJLEMAERKE_4,
        PEJLEMAERKE_5,
        PEJLEMAERKE_6,
        PEJLEMAERKE_7,
        PEJLEMAERKE_8,
        PEJLEMAERKE_9,
    )
)


# --- Seed 004: the activation rate of the shared citizens of BIF and SOF --------------

SEED_004_KILDE = "Indstilling 2010-113567 (BIF og SOF): evaluering af strategi og handleplan"

SEED_004 = Pejlemaerke(
    nummer=1,
    titel="Højere aktiveringsgrad for de fælles borgere i BIF og SOF",
    omraade="Fælles borgere i matchgruppe 2 og 3",
    baselineaar=2009,
    statusaar=2009,
    maalaar=2011,
    manglende_status=ManglendeStatus.UDELAD,
    delmaal=(
        Delmaal(
            id="A",
            tekst="Aktiveringsgraden for de fælles borgere er 50 pct. ultimo 2011",
            baseline=37.4,
            maal=Maal(50.0),
            enhed=PCT,
            note=(
                "Målet var først 40, 50 og 60 pct.; det blev ændret til 40 pct. i 2010 og "
                "50 pct. i 2011."
            ),
            maalinger=(Maaling(2009, 37.4, SEED_004_KILDE, "Ved udgangen af 2009."),),
            milepaele=(Milepael(2010, Maal(40.0)), Milepael(2011, Maal(50.0))),
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "En for ambitiøs aktiveringsplan kan koste borgeren forsørgelsesgrundlaget, "
            "så slutmålet blev sænket fra 60 til 50 pct.",
        ),
    ),
    aktiviteter=(
        Aktivitet(
            "Koordineret og prioriteret samarbejde mellem BIF og SOF",
            ("A",),
            kommentar="Fremdriften står i indstillingens bilag 2, som ikke er offentliggjort her.",
        ),
        Aktivitet(
            "Længerevarende beskæftigelsesrettede tilbud",
            ("A",),
            kommentar="Fremdriften står i indstillingens bilag 2, som ikke er offentliggjort her.",
        ),
        Aktivitet(
            "Indsats for kvinder med anden etnisk baggrund",
            ("A",),
            kommentar="Fremdriften står i indstillingens bilag 2, som ikke er offentliggjort her.",
        ),
    ),
)


# --- Invented: a pejlemærke with cities and activities --------------------------------

OPDIGTET_NOTE = "Opdigtet eksempel: tallet er ikke offentliggjort nogen steder."
OPDIGTET_KILDE = "Opdigtet eksempel"


def _opdigtede(figures: dict[int, float]) -> tuple[Maaling, ...]:
    return tuple(Maaling(aar, v, OPDIGTET_KILDE, OPDIGTET_NOTE) for aar, v in figures.items())


OPDIGTET = Pejlemaerke(
    nummer=10,
    titel="Flere unge hjemløse får og beholder en bolig (opdigtet eksempel)",
    omraade="Opdigtet eksempel",
    baselineaar=2021,
    statusaar=2024,
    maalaar=2025,
    manglende_status=ManglendeStatus.UDELAD,
    delmaal=(
        Delmaal(
            id="A",
            tekst="Færre unge hjemløse (18-24 år)",
            baseline=480.0,
            status=441.0,
            maal=Maal(380.0),
            note=OPDIGTET_NOTE,
            maalinger=_opdigtede({2021: 480.0, 2022: 455.0, 2023: 430.0, 2024: 441.0}),
            milepaele=(
                Milepael(2022, Maal(460.0)),
                Milepael(2023, Maal(440.0)),
                Milepael(2024, Maal(420.0)),
                Milepael(2025, Maal(380.0)),
            ),
        ),
        Delmaal(
            id="B",
            tekst="Flere unge, der får en bolig, bor der stadig et år efter",
            baseline=71.0,
            status=79.0,
            maal=Maal(80.0),
            enhed=PCT,
            note=OPDIGTET_NOTE,
            maalinger=_opdigtede({2021: 71.0, 2022: 74.0, 2023: 76.0, 2024: 79.0}),
            milepaele=(
                Milepael(2023, Maal(76.0)),
                Milepael(2024, Maal(78.0)),
                Milepael(2025, Maal(80.0)),
            ),
        ),
        Delmaal(
            id="C",
            tekst="Kortere ventetid på en ungebolig (dage)",
            baseline=120.0,
            status=128.0,
            maal=Maal(90.0),
            note=OPDIGTET_NOTE,
            maalinger=_opdigtede({2021: 120.0, 2022: 118.0, 2023: 126.0, 2024: 128.0}),
        ),
    ),
    sammenligning=(
        Sammenligning("B", "Aarhus", 2023, 74.0),
        Sammenligning("B", "Odense", 2023, 70.0),
        Sammenligning("B", "Aalborg", 2023, 77.0),
        Sammenligning("B", "Esbjerg", 2023, 69.0),
        Sammenligning("B", "Randers", 2023, 72.0),
        Sammenligning("B", "Aarhus", 2024, 75.0),
        Sammenligning("B", "Odense", 2024, 73.0),
        Sammenligning("B", "Aalborg", 2024, 76.0),
        Sammenligning("B", "Esbjerg", 2024, 71.0),
        Sammenligning("B", "Randers", 2024, 74.0),
    ),
    aktiviteter=(
        Aktivitet(
            "Housing First-team for unge",
            ("A", "B"),
            "Borgercenter Voksne",
            "31.12.2024",
            Fremdrift.GROEN,
            "Opdigtet eksempel: teamet er i gang i to bydele.",
        ),
        Aktivitet(
            "Flere billige ungdomsboliger i nybyggeriet",
            ("A", "C"),
            "Teknik- og Miljøforvaltningen",
            "2025",
            Fremdrift.GUL,
            "Opdigtet eksempel: to byggerier er forsinket.",
        ),
        Aktivitet(
            "Fælles venteliste med boligselskaberne",
            ("C",),
            "Socialforvaltningen",
            "01.06.2024",
            Fremdrift.ROED,
            "Opdigtet eksempel: aftalen er ikke på plads.",
        ),
        Aktivitet(
            "Bostøtte det første år efter indflytning",
            ("B",),
            "Borgercenter Voksne",
            "Løbende",
            Fremdrift.GROEN,
            "Opdigtet eksempel & <ingen> rigtige tal.",
        ),
    ),
    tekster=(
        Tekst(
            "Årsager",
            "Opdigtet eksempel: færre unge hjemløse indtil 2023, men ventetiden på en "
            "ungebolig er steget igen.",
        ),
    ),
)


# --- Seed 003: the forebyggelsesprojekt's budget change -------------------------------
# Tabel 1 of seed 003 exactly: 1.000 kr., 2011 p/l, income negative; its I alt
# (-690 / 690, i.e. 0,69 mio. kr.) is computed, never typed. The source of
# cases/forebyggelse/budget.xlsx.

BUDGET_FOREBYGGELSE = Budget(
    tabeltitel="Ændring af indtægts- og udgiftsbudget vedr. Forebyggelsesprojektet",
    enhed=BudgetEnhed.TUSIND_KR,
    kolonner=("2011", "2012"),
    linjer=(
        Budgetlinje(post="Indtægtsbudget", beloeb=(-100.0, -590.0)),
        Budgetlinje(post="Udgiftsbudget", beloeb=(100.0, 590.0)),
    ),
    prisniveau=2011,
    bevillingsomraade="Tværgående opgaver og administration",
    funktion="6.45.51.1",
    i_alt_raekke=False,
)
