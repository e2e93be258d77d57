"""Files in: the workbooks, case files, meeting files and configuration a job reads
(and the standard workbooks it hands out to be filled)."""
