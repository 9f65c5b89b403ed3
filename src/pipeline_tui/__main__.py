from pipeline_tui.cli import main

main()
