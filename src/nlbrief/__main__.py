from nlbrief.cli import main

main()
